/**
 * What the engine needs from the outside: remote storage (the provider SPI,
 * {@link io.tinywide.chatsync.core.port.out.StorageProvider} and
 * {@link io.tinywide.chatsync.core.port.out.CloudStorage}), the device's stores, and the file format.
 */
package io.tinywide.chatsync.core.port.out;
