/**
 * The chatsync provider conformance kit: {@link io.tinywide.chatsync.tck.StorageProviderVerification},
 * {@link io.tinywide.chatsync.tck.EngineConformanceVerification}, the application-side kits
 * {@link io.tinywide.chatsync.tck.LocalMessageStoreVerification} and
 * {@link io.tinywide.chatsync.tck.SyncStateStoreVerification}, storage wrappers that inject faults, lag
 * listings and count calls, and the storage rules themselves ({@link io.tinywide.chatsync.tck.rules}),
 * which need no test framework and which {@code chatsync check-remote} runs on a user's remote.
 */
module io.tinywide.chatsync.tck {
    requires transitive io.tinywide.chatsync.core;
    // Static: the rules package runs without them (chatsync check-remote); the JUnit kits need them,
    // and every test module that runs a kit has and reads them itself.
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;

    exports io.tinywide.chatsync.tck;
    exports io.tinywide.chatsync.tck.fault;
    exports io.tinywide.chatsync.tck.rules;

    opens io.tinywide.chatsync.tck to org.junit.platform.commons;
}
