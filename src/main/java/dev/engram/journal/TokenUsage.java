package dev.engram.journal;

import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One model call's token counts in {@code tokens/YYYYMMDD.jsonl}. {@code timestamp} is epoch seconds as a float,
 * as the reference writes it (its docs say milliseconds; its files say seconds).
 */
public record TokenUsage(double timestamp, String model, String context, Counts usage, Optional<String> segment,
                         Extra extra) {
    public static final JournalFormat FORMAT = new JournalFormat("token-usage", 1,
            "timestamp (epoch seconds, float), model, context, usage{input_tokens, output_tokens, total_tokens, ...}, segment",
            false);
    private static final Set<String> KNOWN = Set.of("timestamp", "model", "context", "usage", "segment");

    /** Token counts; {@code extra} keeps counters such as cached_tokens, reasoning_tokens and requests. */
    public record Counts(long inputTokens, long outputTokens, long totalTokens, Extra extra) {
        private static final Set<String> KNOWN = Set.of("input_tokens", "output_tokens", "total_tokens");

        public Counts {
            extra = extra == null ? Extra.empty() : extra;
        }

        static Counts decode(ObjectNode o) {
            long in = Json.longValue(o, "input_tokens").orElse(0);
            long out = Json.longValue(o, "output_tokens").orElse(0);
            return new Counts(in, out, Json.longValue(o, "total_tokens").orElse(in + out), Extra.from(o, KNOWN));
        }

        ObjectNode encode() {
            ObjectNode o = Json.object();
            o.put("input_tokens", inputTokens);
            o.put("output_tokens", outputTokens);
            o.put("total_tokens", totalTokens);
            extra.writeTo(o);
            return o;
        }
    }

    public TokenUsage {
        model = model == null ? "" : model;
        context = context == null ? "" : context;
        if (usage == null) {
            throw new JournalException("token record has no 'usage'");
        }
        segment = segment == null ? Optional.empty() : segment;
        extra = extra == null ? Extra.empty() : extra;
    }

    static final RecordCodec<TokenUsage> CODEC = new RecordCodec<>() {
        @Override
        public JournalFormat format() {
            return FORMAT;
        }

        @Override
        public TokenUsage decode(ObjectNode o) {
            if (!(o.get("usage") instanceof ObjectNode usage)) {
                throw new JournalException("token record has no 'usage' object");
            }
            var ts = o.get("timestamp");
            double timestamp = ts != null && ts.isNumber() ? ts.asDouble() : 0;
            return new TokenUsage(timestamp, Json.string(o, "model", ""), Json.string(o, "context", ""),
                    Counts.decode(usage), Json.string(o, "segment"), Extra.from(o, KNOWN));
        }

        @Override
        public ObjectNode encode(TokenUsage t) {
            ObjectNode o = Json.object();
            // Plain decimal (1732700000.123), as Python writes time.time(); Java's default would be 1.732700000123E9.
            o.put("timestamp", java.math.BigDecimal.valueOf(t.timestamp()));
            o.put("model", t.model());
            o.put("context", t.context());
            o.set("usage", t.usage().encode());
            Json.putIfPresent(o, "segment", t.segment());
            t.extra().writeTo(o);
            return o;
        }
    };
}
