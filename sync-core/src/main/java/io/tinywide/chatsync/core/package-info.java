/** Entry point: {@link io.tinywide.chatsync.core.ChatSync} wires the engine, codec and crypto behind the facade. */
package io.tinywide.chatsync.core;
