package io.tinywide.chatsync.core.port.out;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderConfigTest {

    @Test
    void anOpaqueUriKeepsItsOptionsOutOfTheLocation() {
        ProviderConfig config = ProviderConfig.fromUri(URI.create("gdrive:?endpoint=http%3A%2F%2F127.0.0.1%3A8080%2F&x"),
                "chats");
        assertThat(config.location()).isEmpty();
        assertThat(config.root()).isEqualTo("chats");
        assertThat(config.option("endpoint")).contains("http://127.0.0.1:8080/");
        assertThat(config.option("x")).contains("true");
        assertThat(ProviderConfig.fromUri(URI.create("dropbox:team%20folder"), "r").location()).isEqualTo("team folder");
        assertThat(ProviderConfig.fromUri(URI.create("dropbox:team"), "r").options()).isEmpty();
    }

    @Test
    void aHierarchicalUriGivesItsAuthorityAndPathAsTheLocation() {
        ProviderConfig config = ProviderConfig.fromUri(URI.create("s3://bucket/prefix?region=eu-west-1"), "r");
        assertThat(config.location()).isEqualTo("bucket/prefix");
        assertThat(config.option("region")).contains("eu-west-1");
        assertThat(ProviderConfig.fromUri(URI.create("file:/mnt/nas"), "r").location()).isEqualTo("/mnt/nas");
    }

    @Test
    void anEndpointIsAnHttpUrlWithAHostAndNeverCarriesASecret() {
        assertThat(ProviderConfig.httpEndpoint("s3", "http://127.0.0.1:9000", "https://h:1", "use X"))
                .isEqualTo(URI.create("http://127.0.0.1:9000"));
        // A secret with '/' breaks the URI apart; it is refused all the same, and never repeated.
        assertThatThrownBy(() -> ProviderConfig.httpEndpoint("s3", "https://AKIA:se/cr#et@h:9000", "https://h:1",
                "use X")).isInstanceOf(StorageException.class)
                .hasMessage("s3: option endpoint carries credentials before '@' (not repeated here); use X");
        assertThatThrownBy(() -> ProviderConfig.httpEndpoint("gdrive", "ftp://h/", "http://127.0.0.1:9000/", "t"))
                .hasMessage("gdrive: option endpoint must be an http or https URL with a host, such as "
                        + "endpoint=http://127.0.0.1:9000/, not 'ftp://h/'");
        assertThatThrownBy(() -> ProviderConfig.httpEndpoint("dropbox", "http://h:9/ x", "http://127.0.0.1:9001/", "t"))
                .hasMessageStartingWith("dropbox: option endpoint is not a URI (")
                .hasMessageEndingWith("; use endpoint=http://127.0.0.1:9001/");
    }
}
