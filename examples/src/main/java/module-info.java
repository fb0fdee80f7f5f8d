/**
 * chatsync's examples: the README's embedding example, and a third-party storage provider
 * ({@code sqltable}, files in a JDBC table) verified by the {@code sync-tck} kit.
 */
module io.tinywide.chatsync.examples {
    requires io.tinywide.chatsync.core;
    // Only the JDBC API: the application brings its database's driver, found by DriverManager.
    requires java.sql;

    exports io.tinywide.chatsync.examples;
    exports io.tinywide.chatsync.examples.plugin;

    provides io.tinywide.chatsync.core.port.out.StorageProvider
            with io.tinywide.chatsync.examples.plugin.SqlTableProvider;
}
