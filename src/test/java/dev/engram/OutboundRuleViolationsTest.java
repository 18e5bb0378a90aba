package dev.engram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ArchitectureTest#onlyTheOutboundDoorOpensConnections}'s rules catch each way out they name: each fixture
 * below (outside cortex.outbound, callosum and the bench clients) opens one, and its rule must fail on it.
 */
class OutboundRuleViolationsTest {
    /** All fixtures, imported once: each import resolves the fixture's library classes from the class path. */
    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importClasses(UrlStream.class, UrlConnection.class,
                McpClientTransport.class, OkHttp.class, JdkHttpClient.class, TcpChannel.class, PlainSocket.class,
                UnixChannel.class);
    }

    @Test
    void eachWayOutIsCaught() {
        assertViolates(ArchitectureTest.outboundHttpRule(), UrlStream.class, "openStream");
        assertViolates(ArchitectureTest.outboundHttpRule(), UrlConnection.class, "openConnection");
        assertViolates(ArchitectureTest.outboundHttpRule(), McpClientTransport.class,
                "io.modelcontextprotocol.client.transport");
        assertViolates(ArchitectureTest.outboundHttpRule(), OkHttp.class, "okhttp3");
        assertViolates(ArchitectureTest.outboundHttpRule(), JdkHttpClient.class, "java.net.http.HttpClient");
        assertViolates(ArchitectureTest.outboundSocketRule(), TcpChannel.class, "java.nio.channels.SocketChannel");
        assertViolates(ArchitectureTest.outboundSocketRule(), PlainSocket.class, "java.net.Socket");
    }

    @Test
    void aUnixSocketOutsideCallosumIsCaughtToo() {
        // a Unix-domain channel outside callosum is still a SocketChannel: the rule keeps every socket in callosum
        assertViolates(ArchitectureTest.outboundSocketRule(), UnixChannel.class, "SocketChannel");
    }

    /** The rule fails on the fixtures, with a violation of this fixture's that names what it opened. */
    private static void assertViolates(com.tngtech.archunit.lang.ArchRule rule, Class<?> fixture, String named) {
        assertThatThrownBy(() -> rule.check(fixtures)).as(fixture.getSimpleName())
                .isInstanceOf(AssertionError.class);
        assertThat(rule.evaluate(fixtures).getFailureReport().getDetails()).as(fixture.getSimpleName())
                .anyMatch(d -> d.contains(fixture.getSimpleName()) && d.contains(named));
    }

    static final class UrlStream {
        InputStream open(URL url) throws IOException {
            return url.openStream();
        }
    }

    static final class UrlConnection {
        Object open(URL url) throws IOException {
            return url.openConnection();
        }
    }

    static final class McpClientTransport {
        Object open() {
            return io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport
                    .builder("http://example.invalid").build();
        }
    }

    static final class OkHttp {
        Object open() {
            return new okhttp3.OkHttpClient();
        }
    }

    static final class JdkHttpClient {
        Object open() {
            return java.net.http.HttpClient.newHttpClient();
        }
    }

    static final class TcpChannel {
        SocketChannel open() throws IOException {
            return SocketChannel.open(new java.net.InetSocketAddress("example.invalid", 80));
        }
    }

    static final class PlainSocket {
        Object open() throws IOException {
            return new java.net.Socket("example.invalid", 80);
        }
    }

    static final class UnixChannel {
        SocketChannel open() throws IOException {
            return SocketChannel.open(UnixDomainSocketAddress.of(URI.create("file:///tmp/x.sock").getPath()));
        }
    }
}
