/**
 * Embedding chatsync with Guice: {@link io.tinywide.chatsync.guice.ChatSyncModule} binds the
 * storage providers found by {@link java.util.ServiceLoader} and a
 * {@link io.tinywide.chatsync.guice.ChatSyncRuntime} built from the application's
 * {@link io.tinywide.chatsync.guice.ChatSyncSettings} and stores.
 */
package io.tinywide.chatsync.guice;
