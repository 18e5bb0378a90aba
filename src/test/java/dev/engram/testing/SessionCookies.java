package dev.engram.testing;

import dev.engram.convey.Convey;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cookies a Convey server sets when its login form is sent, got over real HTTP the way the form sends it: {@code
 * GET /login} (the CSRF cookie), then {@code POST /login} with the password and that token (the session cookie). Each
 * cookie keeps the attributes of its {@code Set-Cookie} header, so a browser given them holds what the form would
 * have left it. For browser tests of anything but the login form itself: the form costs a test three page loads and
 * typed keys (about 0.7 s on an idle machine); {@code BrowserTest} drives the form.
 */
final class SessionCookies {
    private static final Pattern SAME_SITE = Pattern.compile("(?i);\\s*SameSite=(\\w+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SessionCookies() {
    }

    /** The cookies the login set, each as CDP's {@code Network.setCookie} takes it, for the server at {@code base}. */
    static List<Map<String, Object>> logIn(String base, String password) {
        Map<String, String> headers = new LinkedHashMap<>();
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/login")).GET());
        collect(page, headers);
        String csrf = value(headers.get(Convey.CSRF_COOKIE));
        String form = Convey.CSRF_FIELD + "=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Convey.CSRF_COOKIE + "=" + csrf)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        collect(login, headers);
        if (login.statusCode() != 302 || !headers.containsKey(Convey.SESSION_COOKIE)) {
            throw new IllegalStateException("login at " + base + " failed: " + login.statusCode() + " "
                    + login.body());
        }
        List<Map<String, Object>> cookies = new ArrayList<>();
        headers.values().forEach(h -> cookies.add(cdp(base, h)));
        return cookies;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("login request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while logging in", e);
        }
    }

    /** The response's Set-Cookie headers by cookie name (a later one of a name replaces the earlier). */
    private static void collect(HttpResponse<?> r, Map<String, String> byName) {
        for (String h : r.headers().allValues("set-cookie")) {
            byName.put(HttpCookie.parse(h).getFirst().getName(), h);
        }
    }

    private static String value(String header) {
        if (header == null) {
            throw new IllegalStateException("GET /login set no " + Convey.CSRF_COOKIE + " cookie");
        }
        return HttpCookie.parse(header).getFirst().getValue();
    }

    private static Map<String, Object> cdp(String base, String header) {
        HttpCookie c = HttpCookie.parse(header).getFirst();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.getName());
        m.put("value", c.getValue());
        m.put("url", base);
        m.put("path", c.getPath() == null ? "/" : c.getPath());
        m.put("httpOnly", c.isHttpOnly());
        m.put("secure", c.getSecure());
        Matcher s = SAME_SITE.matcher(header);
        if (s.find()) {
            String v = s.group(1).toLowerCase(Locale.ROOT);
            m.put("sameSite", Character.toUpperCase(v.charAt(0)) + v.substring(1));
        }
        if (c.getMaxAge() > 0) {
            m.put("expires", System.currentTimeMillis() / 1000.0 + c.getMaxAge());
        }
        return m;
    }
}
