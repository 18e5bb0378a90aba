package dev.engram.cortex.providers;

import dev.engram.cortex.api.ModelUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code providers} object of {@code config/journal.json}, or (when it names no endpoint) the providers found in
 * the environment variables their own SDKs use. Parsing never throws: what is wrong becomes a {@link #problems()}
 * line naming the key and the fix, and that endpoint is left out.
 *
 * <pre>
 * "providers": {
 *   "endpoints": {"&lt;name&gt;": {"type", "base_url", "api_key_env" | "api_key", "model"}},
 *   "tiers": {"fast" | "default" | "strong": "&lt;endpoint&gt;" | {"provider", "model"}},
 *   "tasks": {"&lt;purpose or its first part&gt;": {"tier", "provider", "model"}},
 *   "timeout_seconds": 120, "max_retries": 3, "retry_base_ms": 1000
 * }
 * </pre>
 */
record ProviderConfig(Map<String, Endpoint> endpoints, Map<String, Choice> tiers, Map<String, Choice> tasks,
                      Duration timeout, int maxRetries, Duration retryBase, boolean fromEnvironment,
                      List<String> problems) {

    static final String HOW = "set OPENAI_API_KEY (with OPENAI_BASE_URL for an OpenAI-compatible server such as"
            + " llama.cpp, vLLM or LM Studio), ANTHROPIC_API_KEY, GEMINI_API_KEY or OLLAMA_HOST, or add a"
            + " \"providers\" object to config/journal.json (see docs/cortex.md, Providers)";

    /** A tier's or a task's choice; any part may be missing. */
    record Choice(Optional<String> tier, Optional<String> provider, Optional<String> model) {
    }

    static ProviderConfig parse(Optional<JsonNode> node, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        JsonNode p = node.filter(JsonNode::isObject).orElse(null);
        if (node.isPresent() && p == null) {
            problems.add("config/journal.json: \"providers\" must be an object");
        }
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        boolean fromEnv = false;
        JsonNode eps = p == null ? null : p.get("endpoints");
        if (eps != null && eps.isObject() && !eps.isEmpty()) {
            for (Map.Entry<String, JsonNode> e : eps.properties()) {
                endpoint(e.getKey(), e.getValue(), env, problems).ifPresent(ep -> endpoints.put(ep.name(), ep));
            }
        } else {
            fromEnv = true;
            detect(env, endpoints);
        }
        Map<String, Choice> tiers = choices(p, "tiers", problems);
        Map<String, Choice> tasks = choices(p, "tasks", problems);
        Duration timeout = Duration.ofMillis(Math.round(number(p, "timeout_seconds", 120, problems) * 1000));
        int retries = (int) number(p, "max_retries", 3, problems);
        Duration base = Duration.ofMillis(Math.round(number(p, "retry_base_ms", 1000, problems)));
        return new ProviderConfig(java.util.Collections.unmodifiableMap(endpoints), tiers, tasks, timeout,
                Math.max(0, retries), base, fromEnv, List.copyOf(problems));
    }

    /** Where a use goes, or empty when no endpoint serves it (then {@link #problems()} or nothing is configured). */
    Optional<Route> route(ModelUse use) {
        if (endpoints.isEmpty()) {
            return Optional.empty();
        }
        Choice task = tasks.get(use.purpose());
        if (task == null) {
            int dot = use.purpose().indexOf('.');
            task = dot > 0 ? tasks.get(use.purpose().substring(0, dot)) : null;
        }
        String tier = task != null && task.tier().isPresent() ? task.tier().get() : use.tier();
        Choice tierChoice = tiers.containsKey(tier) ? tiers.get(tier) : tiers.get("default");
        Optional<String> provider = task != null && task.provider().isPresent() ? task.provider()
                : tierChoice != null ? tierChoice.provider() : Optional.empty();
        Endpoint endpoint = endpoints.get(provider.orElse(endpoints.keySet().iterator().next()));
        if (endpoint == null) {
            return Optional.empty();
        }
        Optional<String> model = task != null ? task.model() : Optional.empty();
        if (model.isEmpty() && tierChoice != null
                && tierChoice.provider().map(n -> n.equals(endpoint.name())).orElse(true)) {
            model = tierChoice.model();
        }
        if (model.isEmpty()) {
            model = endpoint.model();
        }
        if (model.isEmpty()) {
            model = endpoint.kind().defaultModel(tier);
        }
        return model.map(m -> new Route(endpoint, m, tier));
    }

    /**
     * Where a use goes on the named endpoint, bypassing tier and task routing: {@code model}, else the endpoint's
     * model, else its kind's default for the use's tier. Empty when no endpoint has that name (or no model is known).
     */
    Optional<Route> route(ModelUse use, String endpointName, Optional<String> model) {
        Endpoint endpoint = endpoints.get(endpointName);
        if (endpoint == null) {
            return Optional.empty();
        }
        return model.filter(m -> !m.isBlank()).or(endpoint::model).or(() -> endpoint.kind().defaultModel(use.tier()))
                .map(m -> new Route(endpoint, m, use.tier()));
    }

    /** Why a use has no route, for the owner. */
    String whyNoRoute(ModelUse use) {
        if (endpoints.isEmpty()) {
            return "no LLM provider is configured: " + HOW;
        }
        return "no provider and model for " + use.purpose() + " (tier " + use.tier() + "): check \"providers\" in"
                + " config/journal.json (a tier or task names an unknown endpoint, or an openai-compatible endpoint"
                + " names no model)";
    }

    private static void detect(Map<String, String> env, Map<String, Endpoint> out) {
        Optional<String> openaiKey = value(env, "OPENAI_API_KEY");
        Optional<String> openaiBase = value(env, "OPENAI_BASE_URL");
        if (openaiKey.isPresent()) {
            out.put("openai", new Endpoint("openai", ProviderKind.OPENAI, openaiBase.orElse(
                    ProviderKind.OPENAI.defaultBaseUrl), openaiKey, "the OPENAI_API_KEY environment variable",
                    Optional.empty()));
        } else if (openaiBase.isPresent()) {
            out.put("openai", new Endpoint("openai", ProviderKind.OPENAI_COMPATIBLE, openaiBase.get(),
                    Optional.empty(), "no key (none set in OPENAI_API_KEY)",
                    value(env, "OPENAI_MODEL").or(() -> Optional.of("default"))));
        }
        value(env, "ANTHROPIC_API_KEY").ifPresent(k -> out.put("anthropic", new Endpoint("anthropic",
                ProviderKind.ANTHROPIC, ProviderKind.ANTHROPIC.defaultBaseUrl, Optional.of(k),
                "the ANTHROPIC_API_KEY environment variable", Optional.empty())));
        for (String var : ProviderKind.GEMINI.keyVariables) {
            Optional<String> k = value(env, var);
            if (k.isPresent()) {
                out.put("gemini", new Endpoint("gemini", ProviderKind.GEMINI, ProviderKind.GEMINI.defaultBaseUrl, k,
                        "the " + var + " environment variable", Optional.empty()));
                break;
            }
        }
        value(env, "OLLAMA_HOST").ifPresent(h -> out.put("ollama", new Endpoint("ollama", ProviderKind.OLLAMA,
                ollamaUrl(h), Optional.empty(), "no key (Ollama needs none)", value(env, "OLLAMA_MODEL"))));
    }

    /**
     * {@code OLLAMA_HOST} as Ollama's own client reads it (envconfig {@code Host()}): surrounding spaces and quotes
     * dropped; without {@code ://} the scheme is {@code http} and a missing port is 11434 (bare {@code ollama.com}
     * means {@code https://ollama.com:443}); with {@code http://} or {@code https://} a missing port is 80 or 443
     * (11434 for any other scheme); an empty host is 127.0.0.1, a port that is not 0..65535 is the default; what
     * follows the first {@code /} is kept as a path (without a trailing slash). Unlike the Go client, which only
     * binds to it, the unspecified address (0.0.0.0, ::) means this host, as Ollama's {@code ConnectableHost} says.
     */
    static String ollamaUrl(String host) {
        String s = host.strip().replaceAll("^[\"']+|[\"']+$", "").strip();
        String scheme = "http";
        String defaultPort = "11434";
        int sep = s.indexOf("://");
        if (sep < 0 && s.equals("ollama.com")) {
            scheme = "https";
            s = "ollama.com:443";
        } else if (sep >= 0) {
            scheme = s.substring(0, sep);
            s = s.substring(sep + 3);
            defaultPort = switch (scheme) {
                case "http" -> "80";
                case "https" -> "443";
                default -> "11434";
            };
        }
        int slash = s.indexOf('/');
        String path = slash < 0 ? "" : s.substring(slash + 1).replaceAll("/+$", "");
        String hostPort = slash < 0 ? s : s.substring(0, slash);
        String h;
        String port;
        int colon = hostPort.lastIndexOf(':');
        boolean bracketed = hostPort.startsWith("[");
        if (colon >= 0 && (!bracketed || hostPort.lastIndexOf(']') == colon - 1)
                && (bracketed || hostPort.indexOf(':') == colon)) {
            h = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        } else {
            h = hostPort; // no port (a bare host, a bracketed or bare IPv6 address)
            port = defaultPort;
        }
        h = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        h = switch (h) {
            case "", "0.0.0.0" -> "127.0.0.1";
            case "::" -> "::1";
            default -> h;
        };
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            port = defaultPort;
        }
        return scheme + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + (path.isEmpty() ? "" : "/" + path);
    }

    private static Optional<Endpoint> endpoint(String name, JsonNode o, Map<String, String> env,
                                               List<String> problems) {
        String where = "config/journal.json providers.endpoints." + name;
        if (!o.isObject()) {
            problems.add(where + " must be an object");
            return Optional.empty();
        }
        String type = text(o, "type").orElse(name);
        Optional<ProviderKind> kind = ProviderKind.parse(type);
        if (kind.isEmpty()) {
            problems.add(where + ": unknown type '" + type + "' (use one of " + ProviderKind.names() + ")");
            return Optional.empty();
        }
        ProviderKind k = kind.get();
        Optional<String> base = text(o, "base_url").or(() -> Optional.ofNullable(k.defaultBaseUrl));
        if (base.isEmpty()) {
            problems.add(where + ": an " + k.id + " endpoint needs \"base_url\" (e.g. http://127.0.0.1:8080/v1)");
            return Optional.empty();
        }
        String url = k == ProviderKind.OLLAMA ? ollamaUrl(base.get()) : base.get();
        Optional<String> key = Optional.empty();
        String keySource;
        Optional<String> keyEnv = text(o, "api_key_env");
        if (keyEnv.isPresent()) {
            key = value(env, keyEnv.get());
            keySource = "the " + keyEnv.get() + " environment variable";
            if (key.isEmpty()) {
                problems.add(where + ": the environment variable " + keyEnv.get() + " (api_key_env) is not set");
                return Optional.empty();
            }
        } else if (text(o, "api_key").isPresent()) {
            key = text(o, "api_key");
            keySource = where + ".api_key";
        } else {
            keySource = where + ": no key is set (add \"api_key_env\" if the server needs one)";
            for (String var : k.keyVariables) {
                if (value(env, var).isPresent()) {
                    key = value(env, var);
                    keySource = "the " + var + " environment variable";
                    break;
                }
            }
            if (key.isEmpty() && k.needsKey) {
                problems.add(where + ": no key: set \"api_key_env\" to the name of an environment variable holding"
                        + " it (or set " + String.join(" or ", k.keyVariables) + ")");
                return Optional.empty();
            }
        }
        Optional<String> model = text(o, "model");
        if (k == ProviderKind.OPENAI_COMPATIBLE && model.isEmpty()) {
            model = Optional.of("default");
        }
        return Optional.of(new Endpoint(name, k, url, key, keySource, model));
    }

    private static Map<String, Choice> choices(JsonNode p, String field, List<String> problems) {
        Map<String, Choice> out = new LinkedHashMap<>();
        JsonNode n = p == null ? null : p.get(field);
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            problems.add("config/journal.json providers." + field + " must be an object");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            if (v.isString()) {
                out.put(e.getKey(), new Choice(Optional.empty(), Optional.of(v.stringValue()), Optional.empty()));
            } else if (v.isObject()) {
                out.put(e.getKey(), new Choice(text(v, "tier").map(t -> t.toLowerCase(Locale.ROOT)),
                        text(v, "provider"), text(v, "model")));
            } else {
                problems.add("config/journal.json providers." + field + "." + e.getKey()
                        + " must be an endpoint name or {provider, model, tier}");
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static double number(JsonNode p, String field, double fallback, List<String> problems) {
        JsonNode n = p == null ? null : p.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || n.asDouble() < 0) {
            problems.add("config/journal.json providers." + field + " must be a number >= 0");
            return fallback;
        }
        return n.asDouble();
    }

    private static Optional<String> text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && n.isString() && !n.stringValue().isBlank() ? Optional.of(n.stringValue().strip())
                : Optional.empty();
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
