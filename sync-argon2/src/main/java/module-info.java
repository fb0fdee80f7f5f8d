/**
 * Argon2id for chatsync's keyrings: a {@link io.tinywide.chatsync.core.port.out.KeyDerivation} on
 * BouncyCastle, found by {@link java.util.ServiceLoader}. Putting this module beside sync-core is all
 * it takes: new keyrings and changed passphrases are protected by Argon2id from then on. It exports
 * nothing; its one class is reached through the service.
 */
module io.tinywide.chatsync.argon2 {
    requires io.tinywide.chatsync.core;
    requires org.bouncycastle.provider;

    provides io.tinywide.chatsync.core.port.out.KeyDerivation with io.tinywide.chatsync.argon2.Argon2id;
}
