/** What applications call: the {@link io.tinywide.chatsync.core.port.in.ChatSyncService} facade, its reports and listener. */
package io.tinywide.chatsync.core.port.in;
