package io.tinywide.chatsync.examples.guice;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.tinywide.chatsync.guice.ChatSyncModule;
import io.tinywide.chatsync.guice.ChatSyncRuntime;

/**
 * The messenger's entry point: one injector per device, and the chatsync runtime closed when the
 * app stops. Run it with a provider jar on the class path:
 * {@code java -cp app.jar:provider-localfs.jar:... MessengerApp --remote file:/mnt/nas/chats --passphrase-file ~/.chats}.
 */
public final class MessengerApp implements AutoCloseable {
    private final ChatSyncRuntime chatSync;
    private final Messenger messenger;

    private MessengerApp(ChatSyncRuntime chatSync, Messenger messenger) {
        this.chatSync = chatSync;
        this.messenger = messenger;
    }

    /**
     * Starts the app: creates the injector (in production stage, so the remote is opened and a bad
     * configuration fails right here) and the messenger.
     */
    public static MessengerApp start(MessengerConfig config) {
        // --- README start start ---
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new ChatSyncModule(), new MessengerModule(config));
        ChatSyncRuntime chatSync = injector.getInstance(ChatSyncRuntime.class);   // close it when the app stops
        Messenger messenger = injector.getInstance(Messenger.class);             // injects ChatSyncService
        // --- README start end ---
        return new MessengerApp(chatSync, messenger);
    }

    public Messenger messenger() {
        return messenger;
    }

    /** Waits for a sync in progress, then closes the remote. */
    @Override
    public void close() {
        chatSync.close();
    }

    public static void main(String[] args) {
        try (MessengerApp app = start(MessengerConfig.fromArgs(args))) {
            System.out.println(app.messenger().backUp());
        }
    }
}
