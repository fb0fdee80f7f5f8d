/**
 * The chatsync provider conformance kit: {@link io.tinywide.chatsync.tck.StorageProviderVerification},
 * {@link io.tinywide.chatsync.tck.EngineConformanceVerification}, and storage wrappers that inject
 * faults, lag listings and count calls.
 */
module io.tinywide.chatsync.tck {
    requires transitive io.tinywide.chatsync.core;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.tinywide.chatsync.tck;
    exports io.tinywide.chatsync.tck.fault;

    opens io.tinywide.chatsync.tck to org.junit.platform.commons;
}
