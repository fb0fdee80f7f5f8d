/** A fake of the Google Drive v3 HTTP API and Google's OAuth endpoints, for tests and local runs. */
module io.tinywide.chatsync.fake.gdrive {
    requires jdk.httpserver;
    requires com.fasterxml.jackson.databind;

    exports io.tinywide.chatsync.fake.gdrive;
}
