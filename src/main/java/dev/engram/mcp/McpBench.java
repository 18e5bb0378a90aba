package dev.engram.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The MCP load harness behind {@code engram bench mcp}: one MCP SDK client over streamable HTTP calls
 * {@code search_journal} (queries in turn) and a tool that does almost nothing ({@code todo_list} of a day without
 * todos: the MCP, HTTP, token check and audit overhead), sequentially, after a warm-up; latencies are measured at the
 * client, end to end.
 */
public final class McpBench {
    /**
     * Percentiles of one kind of call, in milliseconds, and what one call cost the whole process (client and server:
     * they share the JVM) in CPU microseconds and allocated bytes, averaged over the measured calls.
     */
    public record Latency(int calls, double p50, double p90, double p99, double max, int errors, double cpuMicros,
                          double allocBytes) {
    }

    public record Result(Latency search, Latency overhead, long totalHits) {
    }

    private McpBench() {
    }

    /**
     * @param baseUrl  Convey's URL, e.g. {@code http://127.0.0.1:5015}
     * @param token    an MCP token (read scope is enough)
     * @param facet    a facet of the journal, for the overhead call
     * @param emptyDay a day (YYYYMMDD) on which that facet has no todos
     */
    public static Result run(String baseUrl, String token, List<String> queries, String facet, String emptyDay,
                             int warmup, int count) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl)
                .endpoint(McpHttp.PATH)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
        try (McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
            c.initialize();
            long[] hits = new long[1];
            Map<String, Object> noop = Map.of("day", emptyDay, "facet", facet);
            for (int i = 0; i < warmup; i++) {
                search(c, queries.get(i % queries.size()), hits);
                c.callTool(new McpSchema.CallToolRequest("todo_list", noop));
            }
            hits[0] = 0;
            // one kind after the other, so the process's CPU time and allocation can be split per kind
            double[] s = new double[count];
            int searchErrors = 0;
            Cost cost = Cost.start();
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                boolean bad = search(c, queries.get(i % queries.size()), hits);
                s[i] = (System.nanoTime() - t0) / 1e6;
                searchErrors += bad ? 1 : 0;
            }
            Latency search = latency(s, searchErrors, cost.perCall(count));
            double[] o = new double[count];
            int overheadErrors = 0;
            cost = Cost.start();
            for (int i = 0; i < count; i++) {
                long t1 = System.nanoTime();
                McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("todo_list", noop));
                o[i] = (System.nanoTime() - t1) / 1e6;
                overheadErrors += Boolean.TRUE.equals(r.isError()) ? 1 : 0;
            }
            return new Result(search, latency(o, overheadErrors, cost.perCall(count)), hits[0]);
        }
    }

    /** The process's CPU time and allocated bytes since {@link #start}: load changes them far less than wall time. */
    private record Cost(long cpuNanos, long allocatedBytes) {
        static Cost start() {
            return new Cost(cpu(), allocated());
        }

        double[] perCall(int calls) {
            return new double[] {(cpu() - cpuNanos) / 1e3 / calls, (double) (allocated() - allocatedBytes) / calls};
        }

        private static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private static long allocated() {
            return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                    .getTotalThreadAllocatedBytes();
        }
    }

    private static boolean search(McpSyncClient c, String query, long[] hits) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("search_journal",
                Map.of("query", query, "limit", 10)));
        if (Boolean.TRUE.equals(r.isError())) {
            return true;
        }
        String text = ((McpSchema.TextContent) r.content().getFirst()).text();
        hits[0] += McpJson.MAPPER.readTree(text).path("total").asLong();
        return false;
    }

    private static Latency latency(double[] ms, int errors, double[] cost) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Latency(sorted.length, pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], errors, cost[0], cost[1]);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
