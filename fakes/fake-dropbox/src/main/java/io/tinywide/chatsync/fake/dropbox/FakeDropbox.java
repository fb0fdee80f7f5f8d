package io.tinywide.chatsync.fake.dropbox;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A faithful fake of the Dropbox HTTP API v2 for one user's app folder, served over a real loopback
 * socket to the real Dropbox SDK (or curl). It follows Dropbox's documented behaviour for what chatsync
 * uses: RPC routes with JSON bodies on {@code api.dropboxapi.com}; content routes with
 * {@code Dropbox-API-Arg} / {@code Dropbox-API-Result} headers on {@code content.dropboxapi.com};
 * errors as 409 with {@code error_summary} and a tagged union ({@code path/not_found/},
 * {@code path/conflict/file/}); {@code list_folder} with {@code recursive}, {@code limit}, cursors and
 * {@code has_more}; uploads in {@code add}, {@code overwrite} and {@code update(rev)} modes with
 * {@code autorename} and {@code strict_conflict}; upload sessions; {@code delete_v2} with
 * {@code parent_rev}; case-insensitive paths that keep the case first written; hex revisions; and
 * OAuth 2 with PKCE ({@code /oauth2/authorize}, {@code /oauth2/token} for codes and refresh tokens).
 *
 * <p>A host is addressed as the first path segment, so the SDK's
 * {@code https://api.dropboxapi.com/2/files/list_folder} becomes
 * {@code http://127.0.0.1:PORT/api.dropboxapi.com/2/files/list_folder}.
 *
 * <p>Tests inject faults ({@link #inject}), limit the space ({@link #quota}), revoke or expire tokens,
 * and inspect the files and the calls.
 */
public final class FakeDropbox implements AutoCloseable {
    /** The app key of a fake started without one. */
    public static final String DEFAULT_APP_KEY = "fakedropboxappkey";

    static final String API = "api.dropboxapi.com";
    static final String CONTENT = "content.dropboxapi.com";
    static final String WEB = "www.dropbox.com";
    private static final int MAX_LIMIT = 2000;
    private static final int MAX_REQUEST_BYTES = 150 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers carry ASCII only: Dropbox escapes everything else in Dropbox-API-Result. */
    private static final ObjectMapper HEADER_JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private record Injected(String route, Fault fault) {
    }

    private record Cursor(String folder, boolean recursive, int limit, List<Namespace.Entry> snapshot, int offset,
                          long seq) {
    }

    private static final class Session {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        boolean closed;
        boolean finished;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Namespace namespace = new Namespace();
    private final OAuth oauth;
    private final Deque<Injected> faults = new ArrayDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** The exchange attribute that logs a call once, when its answer is sent (or it ends without one). */
    private static final String LOG = FakeDropbox.class.getName() + ".log";
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private FakeDropbox(HttpServer server, ExecutorService executor, String appKey) {
        this.server = server;
        this.executor = executor;
        this.oauth = new OAuth(appKey);
    }

    /** A fake on a free loopback port, with {@link #DEFAULT_APP_KEY}. */
    public static FakeDropbox start() {
        return start(0, DEFAULT_APP_KEY);
    }

    /**
     * A fake on a loopback port (0 for a free one) that knows one app, whose key clients send as
     * {@code client_id}.
     */
    public static FakeDropbox start(int port, String appKey) {
        // Without TCP_NODELAY, small answers wait out the peer's delayed ACK (tens of ms per call).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            AtomicInteger n = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
                Thread t = new Thread(r, "fake-dropbox-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            FakeDropbox fake = new FakeDropbox(server, executor, appKey);
            server.createContext("/", fake::handle);
            server.setExecutor(executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("fake-dropbox: cannot listen on port " + port, e);
        }
    }

    /** Where the fake listens, such as {@code http://127.0.0.1:9001/}. */
    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    public String appKey() {
        return oauth.appKey();
    }

    /** A grant of the app made directly (as if its flow had run): tokens to build a client credential with. */
    public Grant grant() {
        String[] tokens = oauth.grant();
        return new Grant(tokens[0], tokens[1], System.currentTimeMillis() + OAuth.ACCESS_TOKEN_LIFETIME.toMillis());
    }

    /**
     * Tokens of one grant.
     *
     * @param accessToken  good for calls for four hours
     * @param refreshToken good for new access tokens until revoked
     * @param expiresAt    when the access token expires, in epoch milliseconds
     */
    public record Grant(String accessToken, String refreshToken, long expiresAt) {
        @Override
        public String toString() {
            return "Grant[tokens not shown]";
        }
    }

    /** The user revokes the app: every refresh and access token stops working. */
    public void revokeAll() {
        oauth.revokeAll();
    }

    /** Every access token expires now (refresh tokens still work): the SDK must refresh. */
    public void expireAccessTokens() {
        oauth.expireAccessTokens();
    }

    /** The account's space: a write that would store more answers {@code insufficient_space}. */
    public void quota(long bytes) {
        namespace.quota(bytes);
    }

    /** Injects a fault into the next {@code times} calls of any API route. */
    public void inject(Fault fault, int times) {
        inject("", fault, times);
    }

    /**
     * Injects a fault into the next {@code times} calls whose route starts with {@code route} (such as
     * {@code /2/files/upload} or {@code /oauth2/token}).
     */
    public void inject(String route, Fault fault, int times) {
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.add(new Injected(route, fault));
            }
        }
    }

    /** Drops the faults not yet used. */
    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** The content of the file at a path (any case), if there is one. */
    public Optional<byte[]> file(String path) {
        return namespace.get(path).filter(e -> !e.folder()).map(e -> e.bytes().clone());
    }

    /** The current revision of the file at a path (any case), if there is one. */
    public Optional<String> rev(String path) {
        return namespace.get(path).filter(e -> !e.folder()).map(Namespace.Entry::rev);
    }

    /** Every file's path, with the case it was first written in, sorted by lower-cased path. */
    public List<String> paths() {
        return namespace.all().stream().filter(e -> !e.folder()).map(Namespace.Entry::display).toList();
    }

    /**
     * Every folder's path, with the case it was first written in, sorted by lower-cased path. Uploads make
     * the folders above a file; they stay when their last file is deleted, as on Dropbox, until a
     * {@code delete_v2} of the folder (or of one above it) removes them.
     */
    public List<String> folders() {
        return namespace.all().stream().filter(Namespace.Entry::folder).map(Namespace.Entry::display).toList();
    }

    /** The calls answered so far, in the order they arrived. */
    public List<Request> requests() {
        synchronized (requests) {
            // Logged as each answer is sent, which on a busy machine is not always the order of arrival.
            return requests.stream().sorted(java.util.Comparator.comparing(Request::at)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrived = Instant.now();
        String raw = exchange.getRequestURI().getRawPath();
        int slash = raw.indexOf('/', 1);
        String host = slash < 0 ? raw.substring(1) : raw.substring(1, slash);
        String route = slash < 0 ? "/" : raw.substring(slash);
        AtomicBoolean logged = new AtomicBoolean();
        IntConsumer log = answered -> {
            if (logged.compareAndSet(false, true)) {
                requests.add(new Request(arrived, host, route, answered));
            }
        };
        exchange.setAttribute(LOG, log);
        int status = 500;
        try {
            status = answer(exchange, host, route);
        } catch (ApiError e) {
            status = e.status;
            if (e.error == null) {
                send(exchange, e.status, "text/plain; charset=utf-8", e.summary.getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, e.status, "application/json", JSON.writeValueAsBytes(e.body()));
            }
        } catch (RuntimeException e) {
            status = 500;
            send(exchange, 500, "text/plain; charset=utf-8",
                    ("fake-dropbox failed: " + e).getBytes(StandardCharsets.UTF_8));
        } finally {
            log.accept(status); // a call that got no answer (a dropped connection) is logged here
            exchange.close();
        }
    }

    private int answer(HttpExchange exchange, String host, String route) throws IOException {
        if (host.equals(WEB) && route.equals("/oauth2/authorize")) {
            return authorizePage(exchange);
        }
        Optional<Fault> fault = nextFault(route);
        if (fault.isPresent() && !fault.get().delay().isZero()) {
            sleep(fault.get());
        }
        if (fault.isPresent() && fault.get().status() != 0 && !fault.get().afterCommit()) {
            drain(exchange);
            return failure(exchange, fault.get());
        }
        Answer answer;
        if (host.equals(API) && route.equals("/oauth2/token")) {
            answer = token(exchange);
        } else {
            answer = call(exchange, host, route);
        }
        if (fault.isPresent() && fault.get().afterCommit()) {
            return failure(exchange, fault.get());
        }
        answer.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        send(exchange, answer.status, answer.contentType, answer.body);
        return answer.status;
    }

    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Answer json(Object value) throws IOException {
            return new Answer(200, "application/json", JSON.writeValueAsBytes(value), Map.of());
        }
    }

    private Optional<Fault> nextFault(String route) {
        synchronized (faults) {
            for (var it = faults.iterator(); it.hasNext(); ) {
                Injected f = it.next();
                if (route.startsWith(f.route())) {
                    it.remove();
                    return Optional.of(f.fault());
                }
            }
        }
        return Optional.empty();
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int failure(HttpExchange exchange, Fault fault) throws IOException {
        if (fault.retryAfter() >= 0) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(fault.retryAfter()));
        }
        if (fault.status() == 429) {
            ObjectNode reason = ApiError.JSON.objectNode();
            reason.set("reason", ApiError.tag("too_many_requests"));
            reason.put("retry_after", fault.retryAfter());
            ObjectNode body = ApiError.JSON.objectNode().put("error_summary", "too_many_requests/..");
            body.set("error", reason);
            send(exchange, 429, "application/json", JSON.writeValueAsBytes(body));
        } else {
            send(exchange, fault.status(), "text/plain; charset=utf-8",
                    ("Internal server error (injected " + fault.status() + ")").getBytes(StandardCharsets.UTF_8));
        }
        return fault.status();
    }

    private Answer call(HttpExchange exchange, String host, String route) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw ApiError.badRequest("Error in call to API function \"" + route + "\": use POST");
        }
        boolean content = switch (route) {
            case "/2/files/upload", "/2/files/download", "/2/files/upload_session/start",
                 "/2/files/upload_session/append_v2", "/2/files/upload_session/finish" -> true;
            case "/2/files/list_folder", "/2/files/list_folder/continue", "/2/files/get_metadata",
                 "/2/files/delete_v2", "/2/users/get_current_account" -> false;
            default -> throw ApiError.badRequest("Unknown API function: \"" + route + "\"");
        };
        if (!host.equals(content ? CONTENT : API)) {
            throw ApiError.badRequest("Error in call to API function \"" + route.substring(1) + "\": this function "
                    + "is only available on " + (content ? CONTENT : API));
        }
        authenticate(exchange);
        JsonNode arg;
        byte[] body = readBody(exchange);
        if (content) {
            String header = exchange.getRequestHeaders().getFirst("Dropbox-API-Arg");
            arg = header == null ? JSON.createObjectNode() : parse(header);
        } else {
            String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (!type.startsWith("application/json")) {
                throw ApiError.badRequest("Error in call to API function \"" + route.substring(1) + "\": Bad HTTP "
                        + "\"Content-Type\" header: \"" + type + "\". Expecting \"application/json\".");
            }
            arg = body.length == 0 ? JSON.nullNode() : parse(new String(body, StandardCharsets.UTF_8));
        }
        return switch (route) {
            case "/2/files/list_folder" -> Answer.json(listFolder(arg));
            case "/2/files/list_folder/continue" -> Answer.json(listFolderContinue(arg));
            case "/2/files/get_metadata" -> Answer.json(getMetadata(arg));
            case "/2/files/delete_v2" -> Answer.json(delete(arg));
            case "/2/users/get_current_account" -> Answer.json(account());
            case "/2/files/upload" -> Answer.json(upload(arg, body));
            case "/2/files/download" -> download(arg);
            case "/2/files/upload_session/start" -> Answer.json(sessionStart(arg, body));
            case "/2/files/upload_session/append_v2" -> Answer.json(sessionAppend(arg, body));
            default -> Answer.json(sessionFinish(arg, body));
        };
    }

    private void authenticate(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            throw ApiError.badRequest("Error in call to API function: Must provide HTTP header \"Authorization\" "
                    + "or URL parameter \"authorization\".");
        }
        String refusal = oauth.refusal(auth.substring("Bearer ".length()).trim());
        if (refusal != null) {
            throw ApiError.auth(refusal);
        }
    }

    // ---- files ----

    private ObjectNode listFolder(JsonNode arg) {
        String path = text(arg, "path");
        boolean recursive = arg.path("recursive").asBoolean(false);
        int limit = MAX_LIMIT;
        if (arg.has("limit")) {
            limit = arg.get("limit").asInt();
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiError.badRequest("Error in call to API function \"files/list_folder\": request body: limit: "
                        + limit + " is not within range [1, 2000]");
            }
        }
        Namespace.Snapshot snapshot = namespace.list(path, recursive);
        return page(new Cursor(snapshot.folder(), recursive, limit, snapshot.entries(), 0, snapshot.seq()));
    }

    private ObjectNode listFolderContinue(JsonNode arg) {
        Cursor cursor = cursors.get(text(arg, "cursor"));
        if (cursor == null) {
            throw ApiError.badRequest("Error in call to API function \"files/list_folder/continue\": Invalid "
                    + "\"cursor\" parameter");
        }
        return page(cursor);
    }

    /**
     * A page: first the entries as they were when the listing started, then the changes made since,
     * as Dropbox's cursors report them (a deleted path as a {@code deleted} entry).
     */
    private ObjectNode page(Cursor cursor) {
        ArrayNode entries = JSON.createArrayNode();
        int offset = cursor.offset();
        List<Namespace.Entry> snapshot = cursor.snapshot();
        while (offset < snapshot.size() && entries.size() < cursor.limit()) {
            entries.add(metadata(snapshot.get(offset++)));
        }
        long seq = cursor.seq();
        boolean more = offset < snapshot.size();
        if (!more) {
            List<Namespace.Change> changes = namespace.changesSince(seq, cursor.folder(), cursor.recursive());
            int taken = 0;
            for (Namespace.Change change : changes) {
                if (entries.size() >= cursor.limit()) {
                    break;
                }
                entries.add(change.entry() == null ? deleted(change) : metadata(change.entry()));
                seq = change.seq();
                taken++;
            }
            more = taken < changes.size();
        }
        String next = "AA" + UUID.randomUUID().toString().replace("-", "");
        cursors.put(next, new Cursor(cursor.folder(), cursor.recursive(), cursor.limit(),
                offset < snapshot.size() ? snapshot : List.of(), offset < snapshot.size() ? offset : 0, seq));
        ObjectNode result = JSON.createObjectNode();
        result.set("entries", entries);
        result.put("cursor", next);
        result.put("has_more", more);
        return result;
    }

    private ObjectNode getMetadata(JsonNode arg) {
        String path = Namespace.requirePath("path", text(arg, "path"), false);
        return metadata(namespace.get(path).orElseThrow(() -> ApiError.lookup("path", "not_found")));
    }

    private ObjectNode delete(JsonNode arg) {
        String parentRev = arg.hasNonNull("parent_rev") ? arg.get("parent_rev").asText() : null;
        ObjectNode result = JSON.createObjectNode();
        result.set("metadata", metadata(namespace.delete(text(arg, "path"), parentRev)));
        return result;
    }

    private ObjectNode account() {
        ObjectNode name = JSON.createObjectNode().put("given_name", "Fake").put("surname", "User")
                .put("familiar_name", "Fake").put("display_name", "Fake User").put("abbreviated_name", "FU");
        ObjectNode account = JSON.createObjectNode().put("account_id", "dbid:AAFakeDropboxAccount000000000000000000");
        account.set("name", name);
        account.put("email", "fake@example.org").put("email_verified", true).put("disabled", false)
                .put("locale", "en").put("referral_link", "https://db.tt/fake").put("is_paired", false);
        account.set("account_type", ApiError.tag("basic"));
        account.set("root_info", JSON.createObjectNode().put(".tag", "user").put("root_namespace_id", "1")
                .put("home_namespace_id", "1"));
        return account;
    }

    private ObjectNode upload(JsonNode arg, byte[] body) {
        if (body.length > MAX_REQUEST_BYTES) {
            throw ApiError.route("payload_too_large", ApiError.tag("payload_too_large"));
        }
        checkContentHash(arg, body, "");
        Namespace.Entry written = namespace.upload(text(arg, "path"), body, mode(arg.path("mode")),
                arg.path("autorename").asBoolean(false), arg.path("strict_conflict").asBoolean(false),
                (writeTag, conflictTag) -> {
                    ApiError inner = ApiError.write("path", writeTag, conflictTag);
                    ObjectNode error = ApiError.tag("path");
                    error.set("reason", inner.error.get("path"));
                    error.put("upload_session_id", "pid_upload_session:" + UUID.randomUUID());
                    return ApiError.route(inner.summary.substring(0, inner.summary.length() - 3), error);
                });
        return fileMetadata(written);
    }

    private Answer download(JsonNode arg) throws IOException {
        Namespace.Entry file;
        if (arg.hasNonNull("rev")) {
            String rev = arg.get("rev").asText();
            file = namespace.revision(rev).filter(e -> Namespace.lower(e.display())
                            .equals(Namespace.lower(Namespace.requirePath("path", text(arg, "path"), false))))
                    .orElseThrow(() -> ApiError.lookup("path", "not_found"));
        } else {
            file = namespace.file("path", text(arg, "path"));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Dropbox-API-Result", HEADER_JSON.writeValueAsString(fileMetadata(file)));
        headers.put("ETag", "W/\"" + file.rev() + "\"");
        return new Answer(200, "application/octet-stream", file.bytes(), headers);
    }

    /** {@code content_hash} covers the bytes of the one call it comes with, in every upload route. */
    private static void checkContentHash(JsonNode arg, byte[] body, String prefix) {
        String hash = arg.hasNonNull("content_hash") ? arg.get("content_hash").asText() : null;
        if (hash != null && !hash.equals(ContentHash.of(body))) {
            throw ApiError.route(prefix + "content_hash_mismatch", ApiError.tag("content_hash_mismatch"));
        }
    }

    private ObjectNode sessionStart(JsonNode arg, byte[] body) {
        checkContentHash(arg, body, "");
        Session session = new Session();
        session.data.writeBytes(body);
        session.closed = arg.path("close").asBoolean(false);
        String id = "pid_upload_session:" + UUID.randomUUID().toString().replace("-", "");
        sessions.put(id, session);
        return JSON.createObjectNode().put("session_id", id);
    }

    private JsonNode sessionAppend(JsonNode arg, byte[] body) {
        if (body.length > MAX_REQUEST_BYTES) {
            throw ApiError.route("payload_too_large", ApiError.tag("payload_too_large"));
        }
        JsonNode cursor = arg.path("cursor");
        Session session = session(cursor, "", false);
        checkContentHash(arg, body, "");
        synchronized (session) {
            session.data.writeBytes(body);
            session.closed = arg.path("close").asBoolean(false);
        }
        return JSON.nullNode();
    }

    private ObjectNode sessionFinish(JsonNode arg, byte[] body) {
        Session session = session(arg.path("cursor"), "lookup_failed/", true);
        checkContentHash(arg, body, "");
        JsonNode commit = arg.path("commit");
        byte[] bytes;
        synchronized (session) {
            session.data.writeBytes(body);
            session.finished = true;
            bytes = session.data.toByteArray();
        }
        return fileMetadata(namespace.upload(text(commit, "path"), bytes, mode(commit.path("mode")),
                commit.path("autorename").asBoolean(false), commit.path("strict_conflict").asBoolean(false),
                (writeTag, conflictTag) -> ApiError.write("path", writeTag, conflictTag)));
    }

    /** The session of a cursor, checked as Dropbox checks it: known, open, and at the offset given. */
    private Session session(JsonNode cursor, String prefix, boolean finishing) {
        Session session = sessions.get(cursor.path("session_id").asText());
        if (session == null) {
            throw lookupError(prefix, ApiError.tag("not_found"), "not_found");
        }
        synchronized (session) {
            if (session.finished || session.closed && !finishing) {
                throw lookupError(prefix, ApiError.tag("closed"), "closed");
            }
            long offset = cursor.path("offset").asLong(-1);
            if (offset != session.data.size()) {
                ObjectNode incorrect = ApiError.tag("incorrect_offset").put("correct_offset", session.data.size());
                throw lookupError(prefix, incorrect, "incorrect_offset");
            }
        }
        return session;
    }

    private static ApiError lookupError(String prefix, ObjectNode lookup, String tag) {
        if (prefix.isEmpty()) {
            return ApiError.route(tag, lookup);
        }
        return ApiError.route(prefix + tag, ApiError.nested("lookup_failed", lookup));
    }

    private static Namespace.Mode mode(JsonNode mode) {
        if (mode.isMissingNode() || mode.isNull()) {
            return Namespace.Mode.ADD;
        }
        String tag = mode.isTextual() ? mode.asText() : mode.path(".tag").asText();
        if (tag.equals("update")) {
            if (!mode.path("update").isTextual()) {
                throw ApiError.badRequest("Error in call to API function: request body: mode: update needs a rev");
            }
            return new Namespace.Mode("update", mode.get("update").asText());
        }
        return new Namespace.Mode(tag, null);
    }

    /** {@code Metadata}, tagged {@code file} or {@code folder}, as listings and get_metadata return it. */
    private static ObjectNode metadata(Namespace.Entry e) {
        ObjectNode node = JSON.createObjectNode().put(".tag", e.folder() ? "folder" : "file");
        node.setAll(fileMetadata(e));
        return node;
    }

    /** The struct itself, untagged, as upload and download return a {@code FileMetadata}. */
    private static ObjectNode fileMetadata(Namespace.Entry e) {
        ObjectNode node = JSON.createObjectNode().put("name", e.name())
                .put("path_lower", e.lower()).put("path_display", e.display()).put("id", e.id());
        if (!e.folder()) {
            String at = e.modified().toString();
            node.put("client_modified", at).put("server_modified", at).put("rev", e.rev())
                    .put("size", e.bytes().length).put("is_downloadable", true).put("content_hash", e.contentHash());
        }
        return node;
    }

    private static ObjectNode deleted(Namespace.Change change) {
        String name = change.display().substring(change.display().lastIndexOf('/') + 1);
        return JSON.createObjectNode().put(".tag", "deleted").put("name", name).put("path_lower", change.lower())
                .put("path_display", change.display());
    }

    // ---- OAuth ----

    private int authorizePage(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String page;
        int status;
        try {
            String code = oauth.authorize(query.get("client_id"), query.get("code_challenge"),
                    query.get("code_challenge_method"), "offline".equals(query.get("token_access_type")));
            page = "fake-dropbox: access granted to app " + query.get("client_id") + ".\n"
                    + "Enter this code into the app to finish:\n" + code + "\n";
            status = 200;
        } catch (IllegalArgumentException e) {
            page = "fake-dropbox: " + e.getMessage() + "\n";
            status = 400;
        }
        send(exchange, status, "text/plain; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
        return status;
    }

    private Answer token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(readBody(exchange), StandardCharsets.UTF_8));
        OAuth.TokenAnswer answer = oauth.token(form);
        return new Answer(answer.status(), "application/json", JSON.writeValueAsBytes(answer.body()), Map.of());
    }

    // ---- plumbing ----

    private static String text(JsonNode arg, String field) {
        JsonNode value = arg.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiError.badRequest("Error in call to API function: request body: missing required field '"
                    + field + "'");
        }
        return value.asText();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw ApiError.badRequest("Error in call to API function: could not decode input as JSON");
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> form = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                form.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        // Logged before the answer leaves, so a client that has its answer finds its call in requests().
        if (exchange.getAttribute(LOG) instanceof IntConsumer log) {
            log.accept(status);
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Dropbox-Request-Id", UUID.randomUUID().toString().replace("-", ""));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
