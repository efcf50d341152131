package dev.tidepool.dashboard.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Who may ask: a request carries the token in the {@code X-Tidepool-Token} header, in the
 * {@code token} query parameter (the URL printed at start), or in the cookie the page sets when
 * it is opened with that URL. A POST (an action) must carry it in the header: a cookie alone
 * is sent by the browser on a forged cross-site form, a custom header never is.
 */
public final class Access {

    public static final String HEADER = "X-Tidepool-Token";

    private final Token token;
    private final String cookieName;

    /** @param port the server's port: cookies ignore ports, so two dashboards on one host use two names */
    public Access(Token token, int port) {
        this.token = token;
        this.cookieName = "tidepool-token-" + port;
    }

    public boolean permits(HttpExchange exchange) {
        Headers h = exchange.getRequestHeaders();
        if (token.matches(h.getFirst(HEADER))) {
            return true;
        }
        if ("POST".equals(exchange.getRequestMethod())) {
            return false;
        }
        return token.matches(fromQuery(exchange.getRequestURI().getRawQuery())) || token.matches(fromCookies(h));
    }

    /** Whether the request came with the token in its URL (then the page sets the cookie). */
    public boolean inQuery(HttpExchange exchange) {
        return token.matches(fromQuery(exchange.getRequestURI().getRawQuery()));
    }

    /** The cookie that lets the page's scripts, styles and stream in without the token in their URLs. */
    public String cookie() {
        return cookieName + "=" + token.reveal() + "; Path=/; HttpOnly; SameSite=Strict";
    }

    static String fromQuery(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("token=")) {
                return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private String fromCookies(Headers h) {
        for (String header : h.getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(cookieName + "=")) {
                    return p.substring(cookieName.length() + 1);
                }
            }
        }
        return null;
    }
}
