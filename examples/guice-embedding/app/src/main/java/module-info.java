/**
 * A small messenger wired with Guice, which backs its history up with chatsync through whichever
 * storage provider its deployment puts on the class path (or module path).
 */
module io.tinywide.chatsync.examples.guice {
    requires io.tinywide.chatsync.guice;

    exports io.tinywide.chatsync.examples.guice;

    // Guice builds the messenger and calls the module's @Provides method reflectively.
    opens io.tinywide.chatsync.examples.guice to com.google.guice;
}
