package io.tinywide.chatsync.core.port.out;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

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
}
