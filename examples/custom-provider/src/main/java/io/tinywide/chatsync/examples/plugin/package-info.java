/**
 * A complete third-party storage provider, as a provider's author would write one outside this
 * project: {@link io.tinywide.chatsync.examples.plugin.SqlTableProvider} keeps chatsync's remote
 * files in a table of a JDBC database. It depends only on {@code sync-core}'s ports and
 * {@code java.sql}, is registered for {@link java.util.ServiceLoader} on both the module path and
 * the class path, and is verified by the {@code sync-tck} kit in its tests.
 */
package io.tinywide.chatsync.examples.plugin;
