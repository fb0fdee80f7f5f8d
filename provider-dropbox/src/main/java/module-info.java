/** A chatsync storage provider for a Dropbox app folder, on the official Dropbox Core SDK. */
module io.tinywide.chatsync.provider.dropbox {
    requires io.tinywide.chatsync.core;
    requires org.slf4j;
    // The SDK's jar has no module descriptor: its automatic module name comes from the file name.
    requires transitive dropbox.core.sdk;

    exports io.tinywide.chatsync.provider.dropbox;

    provides io.tinywide.chatsync.core.port.out.StorageProvider
            with io.tinywide.chatsync.provider.dropbox.DropboxProvider;
}
