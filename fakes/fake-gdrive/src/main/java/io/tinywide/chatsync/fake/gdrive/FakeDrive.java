package io.tinywide.chatsync.fake.gdrive;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake of Google Drive API v3 and Google's OAuth 2.0 endpoints for one account, served over HTTP on a
 * loopback port, following Drive's documented behaviour: {@code files.list} with {@code q},
 * {@code spaces} (including {@code appDataFolder}), {@code fields}, {@code orderBy},
 * {@code pageSize}/{@code pageToken}; {@code files.get} with {@code alt=media} (also at
 * {@code /download/drive/v3/files/{id}}, where the client fetches media); {@code files.create} and
 * {@code files.update} with media, multipart and resumable uploads; {@code files.delete}; several files
 * of one name in a folder; {@code version} and {@code headRevisionId}; gzip-encoded request bodies;
 * Drive's error shapes. Point the official client at it with
 * {@code new Drive.Builder(...).setRootUrl(drive.endpoint().toString())}.
 *
 * <p>Tests inject faults ({@link #failNext}), another client's steps between requests
 * ({@link #beforeNext}), slow answers ({@link #delay}), a full quota
 * ({@link #storageQuota}), expired or revoked tokens, and inspect what is stored ({@link #files()}).
 * {@link #main} serves one account on a port for the command line.
 */
public final class FakeDrive implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final DriveApi drive;
    private final OAuthApi oauth;
    private final Deque<ScriptedFault> faults = new ArrayDeque<>();
    private final List<Interleaved> interleaved = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final AtomicInteger faultsServed = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    /** One file as the fake stores it. {@code content} is {@code null} for folders. */
    public record StoredFile(String id, String name, String mimeType, List<String> parents, String space,
                             Instant createdTime, long version, String headRevisionId, byte[] content,
                             boolean trashed) {
        /** Whether this is a folder. */
        public boolean isFolder() {
            return "application/vnd.google-apps.folder".equals(mimeType);
        }
    }

    private record ScriptedFault(Fault fault, String requestPrefix) { }

    private record Interleaved(String requestPrefix, Runnable action) { }

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
        // ACK, and every answer waits ~40 ms. Read once, when the JDK's server first starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private FakeDrive(InetSocketAddress address) throws IOException {
        Clock clock = Clock.systemUTC();
        this.drive = new DriveApi(clock);
        this.oauth = new OAuthApi(clock);
        this.server = HttpServer.create(address, 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-gdrive");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.endpoint = URI.create("http://" + address.getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/");
    }

    /** Starts a fake on a free loopback port. */
    public static FakeDrive start() throws IOException {
        return start(0);
    }

    /** Starts a fake on the given loopback port ({@code 0} for a free one). */
    public static FakeDrive start(int port) throws IOException {
        return new FakeDrive(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** The root URL for the client ({@code setRootUrl}), such as {@code http://127.0.0.1:41234/}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The token endpoint for refresh-token and authorization-code grants. */
    public URI tokenUri() {
        return endpoint.resolve("token");
    }

    /** The authorization (consent) endpoint of the installed-app flow. */
    public URI authorizationUri() {
        return endpoint.resolve("o/oauth2/auth");
    }

    /** The one OAuth client (of type desktop app) the fake knows. */
    public String clientId() {
        return oauth.clientId;
    }

    /** That client's secret. */
    public String clientSecret() {
        return oauth.clientSecret;
    }

    /** A new refresh token for the account, as a completed consent gives. */
    public String issueRefreshToken() {
        return oauth.issueRefreshToken();
    }

    /** A new access token for the account, valid for the given time. */
    public String issueAccessToken(Duration lifetime) {
        return oauth.issueAccessToken(lifetime);
    }

    /** Every access token expires now: the next request with one is answered 401 until the client refreshes. */
    public void expireAccessTokens() {
        oauth.expireAccessTokens();
    }

    /** The user revoked the app's access: every refresh and access token is refused from now on. */
    public void revokeTokens() {
        oauth.revokeAll();
    }

    /** Whether the consent page refuses ({@code error=access_denied}) instead of approving. */
    public void refuseConsent(boolean refuse) {
        oauth.refuseConsent(refuse);
    }

    /** The query parameters of every request to the consent page so far. */
    public List<Map<String, String>> authorizationRequests() {
        return oauth.authorizationRequests();
    }

    /** Answers the next {@code times} Drive API requests with the fault. */
    public void failNext(int times, Fault fault) {
        failNext(times, fault, "");
    }

    /**
     * Answers the next {@code times} Drive API requests that start with {@code requestPrefix} (such as
     * {@code "POST /upload/"} or {@code "GET /drive/v3/files?"}) with the fault.
     */
    public void failNext(int times, Fault fault, String requestPrefix) {
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.add(new ScriptedFault(fault, requestPrefix));
            }
        }
    }

    /**
     * Runs the action once, just before the next Drive API request that starts with {@code requestPrefix}
     * is served: what another client of the account does between two requests of the client under test
     * (such as writing a file into a folder the client is about to delete). The action may make requests
     * of its own; they do not trigger it again.
     */
    public void beforeNext(String requestPrefix, Runnable action) {
        synchronized (interleaved) {
            interleaved.add(new Interleaved(requestPrefix, action));
        }
    }

    /** How many scripted faults were answered so far. */
    public int faultsServed() {
        return faultsServed.get();
    }

    /** Answers every request only after this long (zero for none). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** Limits the bytes the account can hold; an upload beyond it is 403 {@code storageQuotaExceeded}. */
    public void storageQuota(long bytes) {
        drive.quota(bytes);
    }

    /** Every file and folder of the account (the root and appDataFolder themselves excepted). */
    public List<StoredFile> files() {
        return drive.snapshot();
    }

    /** The id of the account's {@code appDataFolder}. */
    public String appDataFolderId() {
        return drive.appDataId;
    }

    /** Deletes a file (and, for a folder, its content) as another client of the account would. */
    public boolean delete(String fileId) {
        return drive.removeDirectly(fileId);
    }

    /** Renames a file or folder as another client of the account would (its version rises). */
    public boolean rename(String fileId, String name) {
        return drive.renameDirectly(fileId, name);
    }

    /** Every request so far as {@code "METHOD /path?query"}, in order of arrival. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange http) {
        try (http) {
            Exchange x = new Exchange(http);
            String line = x.method + " " + http.getRequestURI();
            synchronized (requests) {
                requests.add(line);
            }
            try {
                pause();
                route(x, line);
            } catch (DriveError e) {
                x.json(e.status, e.toJson());
            } catch (RuntimeException e) {
                x.json(500, new DriveError(500, "global", "internalError", "Internal Error: " + e, null, null)
                        .toJson());
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private void pause() {
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void route(Exchange x, String line) throws IOException {
        String path = x.path;
        if (path.equals("/token") && x.method.equals("POST")) {
            oauth.token(x);
            return;
        }
        if ((path.equals("/o/oauth2/auth") || path.equals("/o/oauth2/v2/auth")) && x.method.equals("GET")) {
            oauth.authorize(x);
            return;
        }
        boolean upload = path.startsWith("/upload/drive/v3/");
        // The client downloads media from /download/drive/v3/files/{id}?alt=media, as Google serves it.
        boolean download = path.startsWith("/download/drive/v3/files/");
        if (!upload && !download && !path.startsWith("/drive/v3/")) {
            throw new DriveError(404, "global", "notFound", "Not Found", null, null);
        }
        authenticate(x);
        interleave(line);
        scriptedFault(line);
        String rest = path.substring(upload ? "/upload/drive/v3/".length()
                : download ? "/download/drive/v3/".length() : "/drive/v3/".length());
        if (download && !(x.method.equals("GET") && x.param("alt").filter("media"::equals).isPresent())) {
            throw methodNotAllowed();
        }
        if (rest.equals("about")) {
            drive.about(x);
            return;
        }
        if (!rest.equals("files") && !rest.startsWith("files/")) {
            throw new DriveError(404, "global", "notFound", "Not Found", null, null);
        }
        String fileId = rest.equals("files") ? null
                : java.net.URLDecoder.decode(rest.substring("files/".length()), StandardCharsets.UTF_8);
        if (fileId != null && fileId.contains("/")) {
            throw new DriveError(404, "global", "notFound", "Not Found", null, null);
        }
        if (upload) {
            switch (x.method) {
                case "POST" -> requireNoId(fileId, () -> drive.upload(x, null, endpoint.toString()));
                case "PATCH", "PUT" -> {
                    if (x.param("upload_id").isPresent()) {
                        drive.resumableChunk(x);
                    } else if (fileId != null && x.method.equals("PATCH")) {
                        drive.upload(x, fileId, endpoint.toString());
                    } else {
                        throw methodNotAllowed();
                    }
                }
                default -> throw methodNotAllowed();
            }
            return;
        }
        switch (x.method) {
            case "GET" -> {
                if (fileId == null) {
                    drive.list(x);
                } else {
                    drive.get(x, fileId);
                }
            }
            case "POST" -> requireNoId(fileId, () -> drive.createMetadata(x));
            case "PATCH" -> {
                if (fileId == null) {
                    throw methodNotAllowed();
                }
                drive.updateMetadata(x, fileId);
            }
            case "DELETE" -> {
                if (fileId == null) {
                    throw methodNotAllowed();
                }
                drive.delete(x, fileId);
            }
            default -> throw methodNotAllowed();
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void requireNoId(String fileId, Action action) throws IOException {
        if (fileId != null) {
            throw methodNotAllowed();
        }
        action.run();
    }

    private static DriveError methodNotAllowed() {
        return new DriveError(405, "global", "methodNotAllowed", "Method Not Allowed", null, null);
    }

    private void authenticate(Exchange x) {
        String header = x.header("Authorization");
        if (header == null || !header.startsWith("Bearer ") || !oauth.isValidAccessToken(header.substring(7).trim())) {
            x.http.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
            throw DriveError.unauthenticated();
        }
    }

    private void interleave(String line) {
        Interleaved due = takeFirst(interleaved, line, Interleaved::requestPrefix);
        if (due != null) {
            due.action().run();
        }
    }

    private void scriptedFault(String line) {
        ScriptedFault due = takeFirst(faults, line, ScriptedFault::requestPrefix);
        if (due != null) {
            faultsServed.incrementAndGet();
            throw DriveError.of(due.fault());
        }
    }

    /** Removes and returns the first of the queue whose prefix the request line starts with, if any. */
    private static <T> T takeFirst(Collection<T> queue, String line, Function<T, String> prefix) {
        synchronized (queue) {
            for (Iterator<T> it = queue.iterator(); it.hasNext(); ) {
                T next = it.next();
                if (line.startsWith(prefix.apply(next))) {
                    it.remove();
                    return next;
                }
            }
            return null;
        }
    }

    /**
     * Serves one fake account until the process is stopped.
     *
     * <pre>java -jar fake-gdrive.jar [--port 9000] [--credentials FILE]</pre>
     *
     * <p>It prints the endpoint, the OAuth client, a refresh token and an access token. With
     * {@code --credentials FILE} it also writes the client and the refresh token there (mode 0600) in
     * the {@code authorized_user} format that chatsync's {@code credentials} option and Google's
     * libraries read.
     */
    public static void main(String[] args) throws Exception {
        int port = 9000;
        Path credentials = null;
        int i = 0;
        while (i < args.length) {
            String arg = args[i++];
            switch (arg) {
                case "--port" -> port = Integer.parseInt(value(args, i++, "--port"));
                case "--credentials" -> credentials = Path.of(value(args, i++, "--credentials"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar fake-gdrive.jar [--port 9000] [--credentials FILE]");
                    return;
                }
                default -> {
                    System.err.println("fake-gdrive: unknown argument '" + arg
                            + "'; usage: java -jar fake-gdrive.jar [--port 9000] [--credentials FILE]");
                    System.exit(2);
                }
            }
        }
        FakeDrive fake = start(port);
        String refresh = fake.issueRefreshToken();
        PrintStream out = System.out;
        out.println("fake Google Drive (one account) at " + fake.endpoint());
        out.println("OAuth client id:     " + fake.clientId());
        out.println("OAuth client secret: " + fake.clientSecret());
        out.println("refresh token:       " + refresh);
        out.println("access token (1 h):  " + fake.issueAccessToken(OAuthApi.ACCESS_TOKEN_LIFETIME));
        if (credentials != null) {
            writeCredentials(credentials, fake.clientId(), fake.clientSecret(), refresh);
            out.println("credentials written to " + credentials.toAbsolutePath());
            out.println("try: java -jar chatsync.jar --remote 'gdrive:?endpoint=" + fake.endpoint() + "&credentials="
                    + credentials.toAbsolutePath() + "' providers");
        }
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        Thread.currentThread().join();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void writeCredentials(Path file, String clientId, String secret, String refreshToken)
            throws IOException {
        String json = Exchange.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Exchange.JSON.createObjectNode()
                .put("type", "authorized_user").put("client_id", clientId).put("client_secret", secret)
                .put("refresh_token", refreshToken));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, json + "\n");
    }
}
