/**
 * A third-party chatsync storage provider ({@code sqltable}: the remote files in a table of a JDBC
 * database), written against the published {@code sync-core} and verified by {@code sync-tck}.
 */
module io.tinywide.chatsync.examples.plugin {
    requires io.tinywide.chatsync.core;
    // Only the JDBC API: the application brings its database's driver, found by DriverManager.
    requires java.sql;

    exports io.tinywide.chatsync.examples.plugin;

    provides io.tinywide.chatsync.core.port.out.StorageProvider
            with io.tinywide.chatsync.examples.plugin.SqlTableProvider;
}
