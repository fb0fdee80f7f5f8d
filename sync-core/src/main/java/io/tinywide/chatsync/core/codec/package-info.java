/**
 * The remote file format: deterministic JSON (Jackson) of vaults, manifests and the keyring, inside
 * authenticated envelopes. The only package that touches Jackson.
 */
package io.tinywide.chatsync.core.codec;
