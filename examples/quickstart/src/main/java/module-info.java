/**
 * The README's embedding example: {@code ChatSync.builder()} with the provider that the class path
 * (or module path) brings, here {@code provider-localfs}.
 */
module io.tinywide.chatsync.examples {
    requires io.tinywide.chatsync.core;

    exports io.tinywide.chatsync.examples;
}
