package io.tinywide.chatsync.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parent pom's bannedDependencies rule can fail: a module of this build that takes an AWS SDK
 * client without the exclusions provider-s3 makes brings Netty, and the build stops naming it. The
 * same module with the exclusions passes, so the failure is the rule's and nothing else's.
 */
class DependencyRulesIT {
    @TempDir
    Path tmp;

    private static final String EXCLUSIONS = """
            <exclusions>
              <exclusion><groupId>software.amazon.awssdk</groupId><artifactId>netty-nio-client</artifactId></exclusion>
              <exclusion><groupId>software.amazon.awssdk</groupId><artifactId>apache5-client</artifactId></exclusion>
            </exclusions>""";

    record Run(int status, String output) { }

    /** Runs the enforcer (validate) on a one-dependency module whose parent is this build's parent pom. */
    private Run validate(String exclusions) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("user.dir")).getParent().toAbsolutePath();
        Path module = Files.createDirectories(tmp.resolve("module"));
        Files.writeString(module.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>io.tinywide.chatsync</groupId>
                    <artifactId>chatsync-parent</artifactId>
                    <version>%s</version>
                    <relativePath>%s</relativePath>
                  </parent>
                  <artifactId>banned-dependency-fixture</artifactId>
                  <dependencies>
                    <dependency>
                      <groupId>software.amazon.awssdk</groupId>
                      <artifactId>sts</artifactId>
                      %s
                    </dependency>
                  </dependencies>
                </project>
                """.formatted(System.getProperty("chatsync.expectedVersion"), module.relativize(root.resolve("pom.xml")),
                        exclusions));
        // The parent imports chatsync-bom, which nothing installs: a reactor of the two finds it.
        Files.writeString(tmp.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>io.tinywide.chatsync.it</groupId>
                  <artifactId>banned-dependency-reactor</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>
                    <module>%s</module>
                    <module>module</module>
                  </modules>
                </project>
                """.formatted(tmp.relativize(root.resolve("chatsync-bom"))));
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-f",
                tmp.resolve("pom.xml").toString(), "-Dcheckstyle.skip", "validate"));
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("maven finished").isTrue();
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")));
    }

    @Test
    void aModuleThatBringsNettyFailsTheBuildAndTheSameModuleWithoutItPasses() throws Exception {
        Run banned = validate("");
        assertThat(banned.status()).as(banned.output()).isNotZero();
        assertThat(banned.output()).contains("BannedDependencies failed", "software.amazon.awssdk:netty-nio-client",
                "software.amazon.awssdk:apache5-client", "exclude it where it enters");

        Run clean = validate(EXCLUSIONS);
        assertThat(clean.status()).as(clean.output()).isZero();
        assertThat(clean.output()).contains("BannedDependencies passed", "DependencyConvergence passed");
    }
}
