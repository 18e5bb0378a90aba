package dev.engram.apps.tokens;

import dev.engram.apps.stats.Range;
import dev.engram.convey.ReadWarnings;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.TokenUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Token usage and estimated cost over a range of days from {@code tokens/<day>.jsonl} (the reference's format), summed
 * by day, model, provider and purpose. A record's purpose is its {@code purpose} field when present, else read from
 * its context: {@code agent.<persona>.<id>} → {@code agent.<persona>}, {@code module.func:line} → {@code module}
 * (e.g. {@code observe.describe}), any other context as written. Output is billed as the larger of
 * {@code output_tokens} and {@code total_tokens - input_tokens} (reasoning tokens counted apart, as Gemini does).
 */
final class Usage {
    private static final Pattern LINE = Pattern.compile(":\\d+$");
    private final Journal journal;

    Usage(Journal journal) {
        this.journal = journal;
    }

    /** {@code {from, to, totals, days[], models[], providers[], purposes[], warnings}}. */
    Map<String, Object> over(Range range) {
        ReadWarnings warnings = new ReadWarnings(journal);
        Journal j = warnings.journal();
        Sum totals = new Sum();
        Map<String, Sum> days = new TreeMap<>();
        Map<String, Sum> models = new LinkedHashMap<>();
        Map<String, Sum> providers = new LinkedHashMap<>();
        Map<String, Sum> purposes = new LinkedHashMap<>();
        Map<String, String> providerOf = new LinkedHashMap<>();
        range.days().forEach(d -> days.put(d.key(), new Sum()));
        for (Day day : j.tokens().days()) {
            if (!range.contains(day)) {
                continue;
            }
            for (TokenUsage u : j.tokens().read(day)) {
                String model = u.model().isBlank() ? "unknown" : u.model();
                String provider = u.extra().string("provider").filter(p -> !p.isBlank()).orElse(Prices.provider(model));
                providerOf.put(model, provider);
                Call c = Call.of(u, model, provider);
                totals.add(c);
                days.get(day.key()).add(c);
                models.computeIfAbsent(model, k -> new Sum()).add(c);
                providers.computeIfAbsent(provider, k -> new Sum()).add(c);
                purposes.computeIfAbsent(purpose(u), k -> new Sum()).add(c);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", range.from().key());
        out.put("to", range.to().key());
        out.put("currency", "USD");
        out.put("totals", totals.json());
        List<Map<String, Object>> dayList = new ArrayList<>();
        days.forEach((k, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", k);
            m.putAll(s.json());
            dayList.add(m);
        });
        out.put("days", dayList);
        List<Map<String, Object>> modelList = named(models);
        modelList.forEach(m -> m.put("provider", providerOf.get((String) m.get("name"))));
        out.put("models", modelList);
        out.put("providers", named(providers));
        out.put("purposes", named(purposes));
        out.put("warnings", warnings.json());
        return out;
    }

    static String purpose(TokenUsage u) {
        var explicit = u.extra().string("purpose").filter(p -> !p.isBlank());
        if (explicit.isPresent()) {
            return explicit.get();
        }
        String c = u.context().strip();
        if (c.isEmpty()) {
            return "unknown";
        }
        if (c.startsWith("agent.")) {
            String[] parts = c.split("\\.");
            return parts.length >= 2 ? "agent." + parts[1] : c;
        }
        if (LINE.matcher(c).find()) {
            String module = LINE.matcher(c).replaceAll("");
            int dot = module.lastIndexOf('.');
            return dot > 0 ? module.substring(0, dot) : module;
        }
        return c;
    }

    /** Largest total first. */
    private static List<Map<String, Object>> named(Map<String, Sum> sums) {
        List<Map<String, Object>> out = new ArrayList<>();
        sums.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, Sum> e) -> e.getValue().total)
                .reversed()).forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", e.getKey());
                    m.putAll(e.getValue().json());
                    out.add(m);
                });
        return out;
    }

    /** One record's numbers and its estimated cost (null: no price for its model). */
    private record Call(long requests, long input, long output, long cached, long reasoning, long total, Double cost) {
        static Call of(TokenUsage u, String model, String provider) {
            TokenUsage.Counts n = u.usage();
            Extra x = n.extra();
            long requests = number(x, "requests", 1);
            long cached = number(x, "cached_tokens", 0);
            long reasoning = number(x, "reasoning_tokens", 0);
            long total = n.totalTokens() > 0 ? n.totalTokens() : n.inputTokens() + n.outputTokens();
            long billedOutput = Math.max(n.outputTokens(), total - n.inputTokens());
            Double cost = Prices.cost(model, provider, n.inputTokens(), cached, billedOutput).orElse(null);
            return new Call(requests, n.inputTokens(), n.outputTokens(), cached, reasoning, total, cost);
        }

        private static long number(Extra x, String name, long fallback) {
            return x.get(name).filter(v -> v.isNumber()).map(v -> v.asLong()).orElse(fallback);
        }
    }

    private static final class Sum {
        long calls;
        long requests;
        long input;
        long output;
        long cached;
        long reasoning;
        long total;
        double cost;
        long unpriced;

        void add(Call c) {
            calls++;
            requests += c.requests();
            input += c.input();
            output += c.output();
            cached += c.cached();
            reasoning += c.reasoning();
            total += c.total();
            if (c.cost() == null) {
                unpriced += c.total();
            } else {
                cost += c.cost();
            }
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", calls);
            m.put("requests", requests);
            m.put("input_tokens", input);
            m.put("output_tokens", output);
            m.put("cached_tokens", cached);
            m.put("reasoning_tokens", reasoning);
            m.put("total_tokens", total);
            m.put("cost", Math.round(cost * 1_000_000) / 1_000_000.0);
            m.put("unpriced_tokens", unpriced);
            return m;
        }
    }
}
