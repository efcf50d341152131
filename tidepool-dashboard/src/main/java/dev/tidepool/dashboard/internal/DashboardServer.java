package dev.tidepool.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP side on the JDK's server: one handler that checks the token first, then
 * routes. Every response, a 401 included, carries {@code Cache-Control: no-store} and a
 * Content-Security-Policy that allows only this origin's scripts and styles (and no inline
 * ones), no framing and no form posts. Request URLs are never logged: they may carry the token.
 *
 * <pre>
 * GET  /                                  the page (sets the token cookie when opened with ?token=)
 * GET  /static/...                        its script, style, icon and uPlot
 * GET  /api/pools                         every pool's counts and verdict
 * GET  /api/pools/{name}                  one pool's, with its 15-minute history
 * GET  /api/pools/{name}/holders          who holds its connections now
 * GET  /api/pools/{name}/events           its recent events, newest first
 * GET  /api/stream                        Server-Sent Events: all of the above once a second
 * POST /api/pools/{name}/soft-evict       (actions enabled, token in the header) retire every connection
 * POST /api/pools/{name}/suspend|resume   (actions enabled, token in the header) stop / start lending
 * </pre>
 */
public final class DashboardServer {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.dashboard");

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final Map<String, PoolView> views = new LinkedHashMap<>();
    private final Token token;
    private final boolean actionsEnabled;
    private final StaticFiles files = new StaticFiles();
    private final StreamHub hub = new StreamHub();
    private final Secrets secrets;
    private HttpServer server;
    private ExecutorService executor;
    private Sampler sampler;
    private Access access;

    public DashboardServer(List<PoolView> views, Token token, boolean actionsEnabled, List<String> passwords) {
        for (PoolView v : views) {
            this.views.put(v.name(), v);
        }
        this.token = token;
        this.actionsEnabled = actionsEnabled;
        this.secrets = new Secrets(passwords);
    }

    /** Binds and starts serving; on failure nothing is left running. */
    public InetSocketAddress start(InetSocketAddress bind) throws IOException {
        HttpServer s = HttpServer.create(bind, 32);
        AtomicInteger n = new AtomicInteger();
        ExecutorService ex = Executors.newFixedThreadPool(StreamHub.MAX_STREAMS + 4, r -> {
            Thread t = new Thread(r, "tidepool-dashboard-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(ex);
        InetSocketAddress bound = s.getAddress();
        access = new Access(token, bound.getPort());
        s.createContext("/", this::handle);
        sampler = new Sampler(List.copyOf(views.values()), hub, this::streamUpdate,
                "tidepool-dashboard-sampler-" + bound.getPort());
        for (PoolView v : views.values()) {
            v.attach();
        }
        s.start();
        sampler.start();
        server = s;
        executor = ex;
        return bound;
    }

    /** Ends the streams, closes the port and stops every thread this server started, each wait bounded. */
    public void stop() throws InterruptedException {
        hub.close(2_000);
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (sampler != null) {
            sampler.stop(5_000);
        }
        for (PoolView v : views.values()) {
            v.detach();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            if (!access.permits(ex)) {
                send(ex, 401, "text/plain; charset=utf-8", "401 Unauthorized\n");
                return;
            }
            route(ex);
        } catch (IOException e) {
            // The browser went away mid-response: nothing to tell anyone.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dashboard request failed (" + ex.getRequestMethod() + ")", e);
            trySend(ex, 500, "{\"error\":\"internal error; see the application's log\"}");
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD, POST");
            send(ex, 405, "text/plain; charset=utf-8", "405 Method Not Allowed\n");
            return;
        }
        StaticFiles.File file = files.get(path);
        if (file != null) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                notAllowed(ex, "GET");
                return;
            }
            if (path.equals("/") || path.equals("/index.html")) {
                if (access.inQuery(ex)) {
                    ex.getResponseHeaders().add("Set-Cookie", access.cookie());
                }
            }
            send(ex, 200, file.contentType(), file.bytes());
            return;
        }
        if (path.equals("/api/stream")) {
            if (!method.equals("GET")) {
                notAllowed(ex, "GET");
                return;
            }
            stream(ex);
            return;
        }
        if (path.equals("/api/pools")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                notAllowed(ex, "GET");
                return;
            }
            long now = System.currentTimeMillis();
            Json j = new Json().beginArray();
            for (PoolView v : views.values()) {
                PoolJson.summary(j, v, actionsEnabled, now);
                PoolJson.end(j);
            }
            json(ex, 200, j.endArray().toString());
            return;
        }
        if (path.startsWith("/api/pools/")) {
            poolRoute(ex, method, path.substring("/api/pools/".length()));
            return;
        }
        json(ex, 404, "{\"error\":\"no such page\"}");
    }

    private void poolRoute(HttpExchange ex, String method, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String name = URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
        String what = slash < 0 ? "" : rest.substring(slash + 1);
        PoolView v = views.get(name);
        if (v == null) {
            json(ex, 404, "{\"error\":\"no such pool\"}");
            return;
        }
        if (PoolActions.NAMES.contains(what)) {
            action(ex, method, v, what);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            notAllowed(ex, "GET");
            return;
        }
        long now = System.currentTimeMillis();
        Json j = new Json();
        switch (what) {
            case "" -> {
                PoolJson.summary(j, v, actionsEnabled, now);
                j.name("history");
                PoolJson.history(j, v.history().samples());
                PoolJson.end(j);
            }
            case "holders" -> PoolJson.holders(j, HolderRow.of(v.dataSource().holders()));
            case "events" -> PoolJson.events(j, v.events().newestFirst(), EventLog.CAPACITY);
            default -> {
                json(ex, 404, "{\"error\":\"no such page\"}");
                return;
            }
        }
        json(ex, 200, j.toString());
    }

    private void action(HttpExchange ex, String method, PoolView v, String what) throws IOException {
        if (!method.equals("POST")) {
            notAllowed(ex, "POST");
            return;
        }
        if (!actionsEnabled) {
            json(ex, 403, "{\"error\":\"actions are off: start the dashboard with actions(true) to allow them\"}");
            return;
        }
        String outcome = PoolActions.run(v.dataSource(), what);
        v.noteAction(System.currentTimeMillis(), outcome);
        json(ex, 200, new Json().beginObject().member("done", outcome).endObject().toString());
    }

    private void stream(HttpExchange ex) throws IOException {
        if (!hub.open()) {
            json(ex, 503, "{\"error\":\"too many open streams; close another dashboard tab\"}");
            return;
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            long seen = hub.sequence();
            event(out, streamUpdate(System.currentTimeMillis())); // the page needs not wait a second
            while (!hub.isClosed()) {
                StreamHub.Update u = hub.next(seen, KEEPALIVE_MILLIS);
                if (u == null) {
                    if (hub.isClosed()) {
                        break;
                    }
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8)); // finds a closed tab
                    out.flush();
                    continue;
                }
                seen = u.sequence();
                event(out, u.json());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop(): end the stream
        } finally {
            hub.leave();
        }
    }

    private void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + secrets.scrub(json) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The update a stream sends each second: every pool with its holders and recent events. */
    private String streamUpdate(long nowMillis) {
        Json j = new Json().beginObject().member("time", nowMillis).name("pools").beginArray();
        for (PoolView v : views.values()) {
            PoolJson.summary(j, v, actionsEnabled, nowMillis);
            j.name("holders");
            PoolJson.holders(j, HolderRow.of(v.dataSource().holders()));
            j.name("events");
            PoolJson.events(j, v.events().newestFirst(), PoolJson.RECENT_EVENTS);
            PoolJson.end(j);
        }
        return j.endArray().endObject().toString();
    }

    private void notAllowed(HttpExchange ex, String allow) throws IOException {
        ex.getResponseHeaders().set("Allow", allow);
        json(ex, 405, "{\"error\":\"method not allowed; use " + allow + "\"}");
    }

    private void json(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", secrets.scrub(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void trySend(HttpExchange ex, int status, String body) {
        try {
            json(ex, status, body);
        } catch (IOException | RuntimeException ignored) {
            // Headers were already sent, or the browser left: the exchange is closed next.
        }
    }
}
