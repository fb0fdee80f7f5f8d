/**
 * Argon2id (RFC 9106) as chatsync's key derivation for passphrases: {@link io.tinywide.chatsync.argon2.Argon2id}.
 */
package io.tinywide.chatsync.argon2;
