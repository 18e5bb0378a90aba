package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery rule over real sockets: a connected client gets every message in order, or it is disconnected. A slow
 * reader slows the producers down instead of missing messages; only a client that makes no progress is cut.
 */
class FlowControlTest {
    private static final String PAD = "p".repeat(1000);

    private Path sock;
    private CallosumServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        sock = Files.createTempDirectory("fc").resolve("bus.sock");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(ServerConfig cfg) {
        server = CallosumServer.start(cfg);
    }

    private RawClient raw() throws IOException {
        RawClient c = RawClient.connect(sock);
        open.add(c);
        return c;
    }

    private SeqReader seqReader(long parkNanosPerRead, CountDownLatch go) throws IOException {
        SeqReader r = new SeqReader(sock, parkNanosPerRead, go);
        open.add(r);
        return r;
    }

    private void awaitClients(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().clientsConnected() == n);
    }

    private static Thread flood(RawClient sender, int from, int to) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (int i = from; i < to; i++) {
                    sender.write("{\"tract\":\"t\",\"event\":\"e\",\"i\":" + i + ",\"pad\":\"" + PAD + "\"}\n");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aSlowButSteadyReaderSeesEverySequenceNumberAndStaysConnected() throws Exception {
        start(ServerConfig.of(sock).withQueue(64, 64 * 1024)); // small queues: flow control starts at once
        RawClient sender = raw();
        RawClient fast = raw();
        SeqReader slow = seqReader(2_000_000, new CountDownLatch(0)); // 8 KB per 2 ms: ~4 MB/s
        awaitClients(3);
        int n = 2000; // about 2 MB, far more than the socket buffers and the 64 KB queue
        Thread feeder = flood(sender, 0, n);
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.count == n || slow.gapAt >= 0 || slow.eof);
        feeder.join();
        assertThat(slow.gapAt).as("first gap in the slow reader's sequence numbers (-1: none)").isEqualTo(-1);
        assertThat(slow.count).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(Message.parse(fast.next()).get("i").orElseThrow().asInt()).isEqualTo(i);
        }
        CallosumStats s = server.stats();
        assertThat(s.clientsDropped()).isZero();
        assertThat(s.undelivered()).isZero();
        assertThat(s.clientsConnected()).isEqualTo(3);
    }

    @Test
    void aReaderThatCaughtUpAndThenSeesAQuietBusStaysConnected() throws Exception {
        start(ServerConfig.of(sock).withQueue(64, 64 * 1024).withStallGrace(Duration.ofMillis(500)));
        RawClient sender = raw();
        CountDownLatch go = new CountDownLatch(1);
        SeqReader late = seqReader(0, go); // does not read at first: its queue fills
        awaitClients(2);
        int n = 1000;
        Thread feeder = flood(sender, 0, n);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().messagesIn() >= 64);
        Thread.sleep(150); // behind for less than the grace period, then it reads and catches up
        go.countDown();
        feeder.join();
        // the bus is quiet now: a caught-up reader must not be cut for a stall that ended
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> server.stats().clientsDropped() == 0 && server.stats().clientsConnected() == 2);
        sender.write("{\"tract\":\"t\",\"event\":\"e\",\"i\":" + n + "}\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> late.count == n + 1 || late.eof);
        assertThat(late.gapAt).isEqualTo(-1);
        assertThat(late.count).isEqualTo(n + 1);
        assertThat(late.eof).isFalse();
    }

    @Test
    void aStalledReaderIsCutAfterTheGraceAndTheOthersGetEverything() throws Exception {
        start(ServerConfig.of(sock).withQueue(64, 64 * 1024).withStallGrace(Duration.ofMillis(300)));
        RawClient stalled = new RawClient(sock, false); // never reads
        open.add(stalled);
        RawClient sender = raw();
        SeqReader reader = seqReader(0, new CountDownLatch(0));
        awaitClients(3);
        int n = 3000;
        long t0 = System.nanoTime();
        Thread feeder = flood(sender, 0, n);
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.count == n || reader.gapAt >= 0);
        feeder.join();
        assertThat(reader.gapAt).isEqualTo(-1);
        assertThat(System.nanoTime() - t0).as("the bus waited for the stalled reader for its grace period")
                .isGreaterThanOrEqualTo(300_000_000L);
        CallosumStats s = server.stats();
        assertThat(s.clientsDropped()).isEqualTo(1);
        assertThat(s.clientsConnected()).isEqualTo(2);
    }

    @Test
    void whenTheIoThreadDiesTheServerClosesAndSaysWhy() throws Exception {
        Path stats = sock.resolveSibling("callosum.json");
        start(ServerConfig.of(sock).withStatsFile(stats));
        RawClient c = raw();
        awaitClients(1);
        assertThat(server.isRunning()).isTrue();
        assertThat(server.failure()).isEmpty();
        IllegalStateException boom = new IllegalStateException("injected I/O loop failure");
        server.failIoLoop(boom);
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.isRunning());
        assertThat(server.failure()).containsSame(boom);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.eof); // the client is told: its connection ends
        assertThat(sock).doesNotExist(); // nobody can connect to a bus that would not serve them
        assertThat(server.publish(Message.of("t", "late"))).isFalse();
        server.awaitClosed();
        var json = Message.MAPPER.readTree(stats.toFile());
        assertThat(json.get("running").asBoolean()).isFalse();
        assertThat(json.get("failure").asString()).contains("injected I/O loop failure");
    }

    /** Reads lines like {@code {..,"i":N,..}} and checks that N counts up from 0 without a gap. */
    static final class SeqReader implements AutoCloseable {
        final SocketChannel ch;
        volatile long count;
        volatile long gapAt = -1;
        volatile boolean eof;

        SeqReader(Path socket, long parkNanosPerRead, CountDownLatch go) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            Thread.ofPlatform().daemon().name("test-seq-reader").start(() -> loop(parkNanosPerRead, go));
        }

        private void loop(long parkNanos, CountDownLatch go) {
            ByteBuffer in = ByteBuffer.allocate(8 * 1024);
            StringBuilder line = new StringBuilder();
            long next = 0;
            try {
                go.await();
                while (ch.read(in) >= 0) {
                    for (int k = 0; k < in.position(); k++) {
                        char c = (char) in.array()[k];
                        if (c != '\n') {
                            line.append(c);
                            continue;
                        }
                        int at = line.indexOf("\"i\":") + 4;
                        int end = at;
                        while (end < line.length() && Character.isDigit(line.charAt(end))) {
                            end++;
                        }
                        long i = Long.parseLong(line.substring(at, end));
                        if (i != next && gapAt < 0) {
                            gapAt = next;
                        }
                        next = i + 1;
                        count = count + 1;
                        line.setLength(0);
                    }
                    in.clear();
                    if (parkNanos > 0) {
                        LockSupport.parkNanos(parkNanos);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
            eof = true;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
