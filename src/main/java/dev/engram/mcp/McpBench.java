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
import tools.jackson.databind.JsonNode;

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

    /**
     * A run of the lean client in its own process: latencies at that client; {@code cpuMicros} and
     * {@code allocBytes} of each {@link Latency} are the server process's alone (the client's CPU is its own), and
     * {@code clientCpuMicros} what one call cost the client's process.
     */
    public record LeanResult(Latency search, Latency overhead, long totalHits, double searchClientCpuMicros,
                             double overheadClientCpuMicros, String slowestQueries) {
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

        static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private static long allocated() {
            return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                    .getTotalThreadAllocatedBytes();
        }
    }

    /**
     * The lean client's side, run in its own process ({@code engram bench mcp --lean-client URL}): warm-up, then
     * {@code count} searches and {@code count} overhead calls, printing {@code start <kind>} before and
     * {@code end <kind> <json>} after each kind, so the server's process can take its own CPU and allocation per kind
     * ({@link #runLean}).
     */
    public static void leanClient(String baseUrl, String token, List<String> queries, String facet, String emptyDay,
                                  int warmup, int count, java.io.PrintStream out) throws java.io.IOException {
        String noop = McpJson.MAPPER.writeValueAsString(Map.of("day", emptyDay, "facet", facet));
        String[] searches = queries.stream().map(q -> McpJson.MAPPER.writeValueAsString(Map.of("query", q,
                "limit", 10))).toArray(String[]::new);
        try (LeanClient c = new LeanClient(baseUrl, token)) {
            c.initialize();
            long[] hits = new long[1];
            for (int i = 0; i < warmup; i++) {
                leanSearch(c, searches[i % searches.length], hits);
                c.call("todo_list", noop);
            }
            hits[0] = 0;
            for (String kind : List.of("search", "overhead")) {
                out.println("start " + kind);
                out.flush();
                double[] ms = new double[count];
                int errors = 0;
                long cpu0 = Cost.cpu();
                for (int i = 0; i < count; i++) {
                    long t0 = System.nanoTime();
                    boolean bad = kind.equals("search") ? leanSearch(c, searches[i % searches.length], hits)
                            : leanError(c.call("todo_list", noop));
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    errors += bad ? 1 : 0;
                }
                double clientCpu = (Cost.cpu() - cpu0) / 1e3 / count;
                Latency l = latency(ms, errors, new double[] {clientCpu, 0});
                if (kind.equals("search")) {
                    out.println("queries " + slowest(queries, ms));
                }
                out.println("end " + kind + " " + hits[0] + " " + McpJson.MAPPER.writeValueAsString(l));
                out.flush();
            }
        }
    }

    /**
     * Runs the lean client as the child process {@code command} (its token in its environment) and takes this
     * process's CPU time and allocation while each kind of call runs: with the client in another process, they are
     * the server's alone (and whatever else this process does meanwhile: the index, GC, the JIT).
     */
    public static LeanResult runLean(ProcessBuilder command) throws java.io.IOException {
        command.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = command.start();
        Latency search = null;
        Latency overhead = null;
        long hits = 0;
        double[] clientCpu = new double[2];
        String slowest = "";
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            Cost cost = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("queries ")) {
                    slowest = line.substring(8);
                } else if (line.startsWith("start ")) {
                    cost = Cost.start();
                } else if (line.startsWith("end ") && cost != null) {
                    String[] f = line.split(" ", 4);
                    Latency l = McpJson.MAPPER.readValue(f[3], Latency.class);
                    double[] server = cost.perCall(l.calls());
                    Latency s = new Latency(l.calls(), l.p50(), l.p90(), l.p99(), l.max(), l.errors(), server[0],
                            server[1]);
                    if (f[1].equals("search")) {
                        search = s;
                        hits = Long.parseLong(f[2]);
                        clientCpu[0] = l.cpuMicros();
                    } else {
                        overhead = s;
                        clientCpu[1] = l.cpuMicros();
                    }
                }
            }
        } finally {
            try {
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        if (search == null || overhead == null || p.exitValue() != 0) {
            throw new java.io.IOException("the lean MCP client failed (exit " + p.exitValue() + "; its errors are"
                    + " above)");
        }
        return new LeanResult(search, overhead, hits, clientCpu[0], clientCpu[1], slowest);
    }

    /** The queries whose slowest calls were slowest: {@code word p50/max ms}, slowest first (the tail's makers). */
    private static String slowest(List<String> queries, double[] ms) {
        int n = queries.size();
        List<double[]> per = new java.util.ArrayList<>();
        for (int q = 0; q < n; q++) {
            double[] mine = new double[(ms.length - q + n - 1) / n];
            for (int i = q, j = 0; i < ms.length; i += n, j++) {
                mine[j] = ms[i];
            }
            Arrays.sort(mine);
            per.add(new double[] {q, pct(mine, 0.5), pct(mine, 0.9), mine.length == 0 ? 0 : mine[mine.length - 1]});
        }
        per.sort((x, y) -> Double.compare(y[2], x[2]));
        StringBuilder b = new StringBuilder();
        for (double[] x : per) {
            b.append(String.format(java.util.Locale.ROOT, "%s%s %.1f/%.1f/%.1f", b.isEmpty() ? "" : ", ",
                    queries.get((int) x[0]), x[1], x[2], x[3]));
        }
        return b.toString();
    }

    private static boolean leanSearch(LeanClient c, String args, long[] hits) throws java.io.IOException {
        JsonNode r = c.call("search_journal", args);
        if (leanError(r)) {
            return true;
        }
        hits[0] += McpJson.MAPPER.readTree(r.path("result").path("content").path(0).path("text").asString())
                .path("total").asLong();
        return false;
    }

    private static boolean leanError(JsonNode answer) {
        return answer == null || !answer.path("result").isObject() || answer.path("result").path("isError")
                .asBoolean(false);
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
