package io.tinywide.chatsync.provider.s3;

import java.util.Locale;

/**
 * How an endpoint honours the conditional PUT headers ({@code If-None-Match: *}, {@code If-Match}),
 * set with the {@code conditionalWrites} option. Vendors differ, so this is configuration, not a
 * guess; the engine is correct in every mode, and only {@link #ATOMIC} lets the storage declare
 * atomic compare-and-set.
 */
enum ConditionalWrites {
    /** Both headers are honoured atomically (AWS S3 since 2024, Cloudflare R2, recent MinIO). */
    ATOMIC,
    /**
     * Both headers are honoured but not atomically under concurrent writers (S3Proxy, some
     * gateways). A lost update is healed by the engine's next sync.
     */
    NON_ATOMIC,
    /**
     * The endpoint rejects or ignores the headers: the provider reads the current ETag and compares
     * before writing. Racy, like {@link #NON_ATOMIC}, and costs one extra request per write.
     */
    EMULATED;

    static ConditionalWrites parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("conditionalWrites must be atomic, non-atomic or emulated, not '"
                    + value + "'");
        }
    }
}
