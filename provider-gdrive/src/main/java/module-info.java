/** A chatsync storage provider for Google Drive's appDataFolder, on the official Drive API v3 client. */
module io.tinywide.chatsync.provider.gdrive {
    requires io.tinywide.chatsync.core;
    requires org.slf4j;
    requires jdk.httpserver;
    requires com.google.api.services.drive;
    requires google.api.client;
    requires com.google.api.client;
    requires com.google.api.client.auth;
    requires com.google.api.client.json.gson;
    requires transitive com.google.auth;
    requires com.google.auth.oauth2;

    exports io.tinywide.chatsync.provider.gdrive;

    provides io.tinywide.chatsync.core.port.out.StorageProvider
            with io.tinywide.chatsync.provider.gdrive.GDriveProvider;
}
