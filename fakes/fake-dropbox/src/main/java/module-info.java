/** A faithful fake of the Dropbox HTTP API v2 over a loopback socket, for tests and trials. */
module io.tinywide.chatsync.fake.dropbox {
    requires jdk.httpserver;
    requires com.fasterxml.jackson.databind;

    exports io.tinywide.chatsync.fake.dropbox;
}
