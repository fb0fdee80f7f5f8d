/**
 * The chatsync command line ({@code chatsync.jar}) and its SQLite device store. An application
 * module: it exports nothing, and reaches the core through its API only (ArchitectureTest).
 */
module io.tinywide.chatsync.cli {
    requires io.tinywide.chatsync.core;
    requires io.tinywide.chatsync.tck;
    requires info.picocli;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    opens io.tinywide.chatsync.cli to info.picocli;

    uses io.tinywide.chatsync.core.port.out.StorageProvider;
}
