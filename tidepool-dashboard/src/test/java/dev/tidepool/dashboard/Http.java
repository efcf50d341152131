package dev.tidepool.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A bounded HTTP client for the dashboard's tests: every call has connect and read timeouts. */
public final class Http {

    /** One response: status, headers (lower-case names) and body. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private Http() {
    }

    public static Response get(String url, String... headerPairs) throws IOException {
        return call("GET", url, headerPairs);
    }

    public static Response post(String url, String... headerPairs) throws IOException {
        return call("POST", url, headerPairs);
    }

    public static Response call(String method, String url, String... headerPairs) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        c.setInstanceFollowRedirects(false);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            c.setRequestProperty(headerPairs[i], headerPairs[i + 1]);
        }
        if (method.equals("POST")) {
            c.setDoOutput(true);
            c.getOutputStream().close();
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = c.getHeaderFields();
        c.disconnect();
        return new Response(status, headers, body);
    }

    /**
     * Reads Server-Sent Events from {@code url} until {@code count} data lines came (each read
     * bounded by 10 s), and returns them.
     */
    public static List<String> events(String url, int count, String... headerPairs) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            c.setRequestProperty(headerPairs[i], headerPairs[i + 1]);
        }
        if (c.getResponseCode() != 200) {
            throw new IOException("stream answered " + c.getResponseCode());
        }
        List<String> events = new java.util.ArrayList<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(
                new java.io.InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (events.size() < count && (line = r.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                }
            }
        } finally {
            c.disconnect();
        }
        return events;
    }
}
