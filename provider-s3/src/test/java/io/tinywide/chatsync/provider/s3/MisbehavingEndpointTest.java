package io.tinywide.chatsync.provider.s3;

import com.sun.net.httpserver.HttpServer;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ProviderConfig;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers S3 could give but S3Proxy never does, from a scripted endpoint on loopback, to the real
 * SDK client: a listing that says it continues without a token, and a PUT without an ETag.
 */
class MisbehavingEndpointTest {
    private HttpServer server;
    private volatile boolean headFindsTheObject;
    /** The listing shows an object still being written: no ETag, neither listed nor on HEAD. */
    private volatile boolean inProgress;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && exchange.getRequestURI().getQuery() != null
                    && exchange.getRequestURI().getQuery().contains("list-type=2")) {
                byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
                        + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix>r/</Prefix>"
                        + "<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>" + !inProgress
                        + "</IsTruncated><Contents><Key>r/2024/chat_vault_2024_01.json</Key>"
                        + (inProgress ? "" : "<ETag>\"e1\"</ETag>") + "<Size>3</Size></Contents>"
                        + "</ListBucketResult>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(200, xml.length);
                exchange.getResponseBody().write(xml);
            } else if (method.equals("PUT") && exchange.getRequestURI().getPath().endsWith("/full.json")) {
                // Some S3-compatible servers (Ceph RGW among them) say a full quota with a 403.
                byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>QuotaExceeded</Code>"
                        + "<Message>quota exceeded</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(403, xml.length);
                exchange.getResponseBody().write(xml);
            } else if (method.equals("PUT")) {
                exchange.sendResponseHeaders(200, -1); // stored, but no ETag header
            } else if (method.equals("HEAD") && inProgress) {
                exchange.getResponseHeaders().add("Content-Length", "3");
                exchange.sendResponseHeaders(200, -1);
            } else if (method.equals("HEAD") && headFindsTheObject) {
                exchange.getResponseHeaders().add("ETag", "\"from-head\"");
                exchange.getResponseHeaders().add("Content-Length", "1");
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CloudStorage storage() {
        return new S3Provider(S3ProxyServer.credentials()).open(new ProviderConfig("b", "r", Map.of(
                "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(), "region", "us-east-1")));
    }

    @Test
    void aListingThatContinuesWithoutATokenIsAnErrorNeverAPartialList() {
        try (CloudStorage s = storage()) {
            assertThatThrownBy(() -> s.list("")).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("no continuation token");
        }
    }

    @Test
    void aNotFoundThatIsNotNoSuchKeyIsAFailureNeverAnAbsentFile() {
        try (CloudStorage s = storage()) {
            // A bare 404 (a misrouted gateway, a wrong path style): nothing says the key is absent.
            assertThatThrownBy(() -> s.read("keyring.json")).isInstanceOf(
                    io.tinywide.chatsync.core.port.out.StorageException.class).hasMessageContaining("keyring.json");
        }
    }

    @Test
    void aQuotaSaidWithA403IsAFullStorageNotWrongCredentials() {
        try (CloudStorage s = storage()) {
            assertThatThrownBy(() -> s.write("full.json", new byte[] {1}, WriteCondition.unconditional()))
                    .isInstanceOf(QuotaExceededException.class).hasMessageContaining("full.json")
                    .hasMessageContaining("QuotaExceeded");
        }
    }

    @Test
    void aPutWithoutAnEtagAsksForItRatherThanGuessing() {
        try (CloudStorage s = storage()) {
            headFindsTheObject = true;
            assertThat(s.write("a.json", new byte[] {1}, WriteCondition.unconditional()).value())
                    .isEqualTo("\"from-head\"");
            headFindsTheObject = false;
            assertThatThrownBy(() -> s.write("a.json", new byte[] {1}, WriteCondition.unconditional()))
                    .isInstanceOf(TransientStorageException.class).hasMessageContaining("not there");
        }
    }

    @Test
    void anObjectListedAndHeadedWithoutAnEtagIsLeftOutAsStillBeingWritten() {
        try (CloudStorage s = storage()) {
            inProgress = true;
            assertThat(s.list("")).as("no revision to give: not listed yet, no NullPointerException").isEmpty();
        }
    }
}
