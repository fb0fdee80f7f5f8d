package io.tinywide.chatsync.fake.dropbox;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake on its own: {@code java -jar fake-dropbox.jar [--port 9001] [--app-key KEY]}. It prints
 * its endpoint, its app key and the tokens of a ready grant, then serves until stopped (Ctrl-C).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9001;
        String appKey = FakeDropbox.DEFAULT_APP_KEY;
        int i = 0;
        while (i < args.length) {
            String arg = args[i++];
            switch (arg) {
                case "--port" -> port = Integer.parseInt(value(args, i++, "--port"));
                case "--app-key" -> appKey = value(args, i++, "--app-key");
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar fake-dropbox.jar [--port 9001] [--app-key KEY]");
                    return;
                }
                default -> {
                    System.err.println("fake-dropbox: unknown argument '" + arg + "'; use --port N, --app-key KEY");
                    System.exit(2);
                }
            }
        }
        FakeDropbox fake = FakeDropbox.start(port, appKey);
        FakeDropbox.Grant grant = fake.grant();
        System.out.println("fake-dropbox listening on " + fake.endpoint());
        System.out.println("  app key:        " + fake.appKey());
        System.out.println("  access token:   " + grant.accessToken());
        System.out.println("  refresh token:  " + grant.refreshToken());
        System.out.println("  chatsync:       CHATSYNC_DROPBOX_APP_KEY=" + fake.appKey()
                + " java -jar chatsync.jar --remote 'dropbox:?endpoint=" + fake.endpoint() + "' auth dropbox");
        System.out.println("  the fake keeps everything in memory; stop it with Ctrl-C");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("fake-dropbox: " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
