package io.tinywide.chatsync.examples.plugin;

import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.RemotePaths;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.StorageProvider;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A third-party chatsync storage provider: the remote files live in one table of a database the
 * application already has, reached by a JDBC URL. Remote URI {@code sqltable:<JDBC URL>}, such as
 * {@code sqltable:jdbc:sqlite:/var/lib/myapp/app.db}; in code,
 * {@code new ProviderConfig("jdbc:sqlite:/var/lib/myapp/app.db", root, Map.of())}.
 *
 * <p>The files are rows of {@value SqlTableStorage#TABLE}, keyed by (root, path), created if absent.
 * Every write stores a fresh random revision, and conditional writes are single {@code UPDATE} or
 * {@code INSERT} statements checked by the row's revision and the primary key, so they are atomic on
 * any SQL database; this example is tested on SQLite. The application brings its database's JDBC
 * driver; credentials go where that driver takes them (its URL, or its own files), and
 * {@link CloudStorage#describe()} never shows them.
 *
 * <p>This class and {@code SqlTableStorage} are the whole provider. It is registered in this
 * module's {@code module-info.java} and in
 * {@code META-INF/services/io.tinywide.chatsync.core.port.out.StorageProvider}, and verified by the
 * {@code sync-tck} kit in {@code SqlTableConformanceTest}.
 */
public final class SqlTableProvider implements StorageProvider {
    /** This provider's id and URI scheme. */
    public static final String ID = "sqltable";

    /** Does nothing: {@link java.util.ServiceLoader} creates providers freely, so all work waits for {@link #open}. */
    public SqlTableProvider() {
        // no state
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "A table in a JDBC database";
    }

    /**
     * All four: the compare-and-set is one statement the database makes atomic, the primary key
     * allows one row per path, a conditional delete is one {@code DELETE ... AND revision = ?}, and a
     * committed row is seen by every later query on the same database.
     */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.UNIQUE_PATHS, Capability.CONDITIONAL_DELETE,
                Capability.CONSISTENT_LISTING);
    }

    /**
     * Opens the table at the JDBC URL in {@link ProviderConfig#location()}, creating it if absent.
     * Connects at once, so a wrong URL, a missing driver or a refused login is reported here.
     *
     * @throws StorageException if the location is not a usable JDBC URL or the database cannot be opened
     */
    @Override
    public CloudStorage open(ProviderConfig config) {
        String url = config.location();
        String shown = SqlTableStorage.withoutSecrets(url);
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw new StorageException(ID + ": the location must be a JDBC URL, such as sqltable:jdbc:sqlite:/var/lib/"
                    + "myapp/app.db; got '" + shown + "'");
        }
        if (isInMemorySqlite(url)) {
            // Such a database lives and dies with one connection: every other device, and this one
            // after a reconnect, would find it empty and take a full remote for an absent one.
            throw new StorageException(ID + ": " + shown + " is an in-memory SQLite database, which no other device "
                    + "can see and which is gone when closed; give a database file");
        }
        try {
            RemotePaths.requireValid(ID, config.root());
        } catch (IllegalArgumentException e) {
            throw new StorageException(ID + ": root '" + config.root() + "' is not a relative /-separated path", e);
        }
        SqlTableStorage storage = new SqlTableStorage(url, config.root());
        try {
            storage.connect();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private static boolean isInMemorySqlite(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:sqlite:")) {
            return false;
        }
        String file = lower.substring("jdbc:sqlite:".length());
        return file.isEmpty() || file.startsWith("?") || file.contains(":memory:") || file.contains("mode=memory");
    }
}
