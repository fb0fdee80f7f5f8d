/** A chatsync storage provider for a folder on disk. */
module io.tinywide.chatsync.provider.localfs {
    requires io.tinywide.chatsync.core;
    requires org.slf4j;

    provides io.tinywide.chatsync.core.port.out.StorageProvider
            with io.tinywide.chatsync.provider.localfs.LocalFsProvider;
}
