package dev.tidepool.dashboard;

import dev.tidepool.testkit.Poll;
import dev.tidepool.jdbc.TidepoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's HTTP API without a browser, on a real H2 pool held by real threads. */
class DashboardApiTest {
    static final String TOKEN = "tp-dashboard-test-token-0123456789";
    static final String[] WITH_TOKEN = {"X-Tidepool-Token", TOKEN};

    ShopFixture shop;
    TidepoolDashboard dashboard;
    String base;

    @BeforeEach
    void start() throws Exception {
        shop = new ShopFixture("tp-dash-api", 3);
        dashboard = TidepoolDashboard.builder().pool(shop.dataSource).token(TOKEN).printUrlTo(null).start();
        base = dashboard.baseUrl();
    }

    @AfterEach
    void stop() throws Exception {
        dashboard.stop();
        shop.close();
    }

    static final List<String> GET_PATHS = List.of("", "index.html", "static/app.js", "static/app.css",
            "static/favicon.svg", "static/uplot.js", "static/uplot.css", "api/pools", "api/pools/tp-dash-api",
            "api/pools/tp-dash-api/holders", "api/pools/tp-dash-api/events");

    @Test
    void everyEndpointAnswersWithTheTokenWithNoStoreAndARestrictiveCsp() throws IOException {
        for (String path : GET_PATHS) {
            Http.Response r = Http.get(base + path, WITH_TOKEN);
            assertEquals(200, r.status(), path);
            assertEquals("no-store", r.header("Cache-Control"), path);
            String csp = r.header("Content-Security-Policy");
            assertNotNull(csp, path);
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
                    && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"), csp);
            assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
            assertFalse(r.body().isEmpty(), path);
        }
        assertTrue(Http.get(base + "api/pools", WITH_TOKEN).header("Content-Type").startsWith("application/json"));
        assertTrue(Http.get(base + "static/uplot.js", WITH_TOKEN).body().contains("uPlot"), "uPlot from its WebJar");
        List<String> events = Http.events(base + "api/stream", 1, WITH_TOKEN);
        assertTrue(events.get(0).contains("\"name\":\"tp-dash-api\""), events.get(0));
    }

    @Test
    void aRequestWithoutTheTokenOrWithAWrongOneGetsA401AndNothingElse() throws IOException {
        for (String path : GET_PATHS) {
            for (String[] headers : List.of(new String[0], new String[]{"X-Tidepool-Token", TOKEN + "x"},
                    new String[]{"X-Tidepool-Token", ""}, new String[]{"Cookie", "tidepool-token-1=" + TOKEN})) {
                Http.Response r = Http.get(base + path, headers);
                assertEquals(401, r.status(), path);
                assertEquals("401 Unauthorized\n", r.body(), path);
                assertEquals("no-store", r.header("Cache-Control"));
            }
            assertEquals(401, Http.get(base + path + "?token=" + TOKEN.substring(1)).status(), path);
        }
        assertEquals(401, Http.get(base + "api/stream").status());
        assertEquals(401, Http.post(base + "api/pools/tp-dash-api/soft-evict").status());
        assertEquals(401, Http.get(base + "no/such/page").status(), "even a missing page says nothing without the token");
    }

    @Test
    void theUrlTokenSetsACookieThatOpensGetsButNeverAPost() throws IOException {
        Http.Response page = Http.get(base + "?token=" + TOKEN);
        assertEquals(200, page.status());
        String setCookie = page.header("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertEquals(200, Http.get(base + "api/pools", "Cookie", cookie).status());
        assertEquals(200, Http.get(base + "static/app.js", "Cookie", cookie).status());
        assertEquals(401, Http.post(base + "api/pools/tp-dash-api/soft-evict", "Cookie", cookie).status(),
                "a cookie alone is what a forged cross-site POST carries");
        assertEquals(401, Http.post(base + "api/pools/tp-dash-api/soft-evict?token=" + TOKEN).status());
    }

    @Test
    void actionsAreRefusedWhileReadOnlyAndAreNeverDoneByGet() throws IOException {
        Http.Response r = Http.post(base + "api/pools/tp-dash-api/soft-evict", WITH_TOKEN);
        assertEquals(403, r.status());
        assertTrue(r.body().contains("actions are off"), r.body());
        assertEquals(405, Http.get(base + "api/pools/tp-dash-api/soft-evict", WITH_TOKEN).status());
        assertEquals(405, Http.post(base + "api/pools", WITH_TOKEN).status());
        assertEquals(0, shop.dataSource.stats().destroyed());
    }

    @Test
    void withActionsEnabledSoftEvictByPostRetiresTheConnectionsAndIsListedInTheEvents() throws Exception {
        try (TidepoolDashboard writable = TidepoolDashboard.builder().pool(shop.dataSource).token(TOKEN).actions(true)
                .printUrlTo(null).start()) {
            String url = writable.baseUrl() + "api/pools/tp-dash-api/";
            assertEquals(405, Http.get(url + "soft-evict", WITH_TOKEN).status());
            Http.Response r = Http.post(url + "soft-evict", WITH_TOKEN);
            assertEquals(200, r.status(), r.body());
            Poll.until("the idle connections are closed", Await.BOUND, () -> shop.dataSource.stats().destroyed() >= 1);
            assertTrue(Http.get(url + "events", WITH_TOKEN).body().contains("\"kind\":\"action\""));
        }
    }

    @Test
    void withActionsEnabledSuspendAndResumeStopAndRestartLendingAndAreListed() throws Exception {
        try (TidepoolDashboard writable = TidepoolDashboard.builder().pool(shop.dataSource).token(TOKEN).actions(true)
                .printUrlTo(null).start()) {
            String url = writable.baseUrl() + "api/pools/tp-dash-api";
            assertEquals(200, Http.post(url + "/suspend", WITH_TOKEN).status());
            assertTrue(shop.dataSource.isSuspended());
            assertTrue(body(writable.baseUrl() + "api/pools/tp-dash-api").contains("\"suspended\":true"));
            assertEquals(405, Http.get(url + "/resume", WITH_TOKEN).status(), "never by GET");
            assertTrue(shop.dataSource.isSuspended());
            assertEquals(200, Http.post(url + "/resume", WITH_TOKEN).status());
            assertFalse(shop.dataSource.isSuspended());
            String events = Http.get(url + "/events", WITH_TOKEN).body();
            assertEquals(2, count(events, "\"kind\":\"action\""), events);
            assertTrue(events.contains("suspended") && events.contains("resumed"), events);
        }
    }

    @Test
    void whileAttachedTheWaitUseAndThroughputOfEveryBorrowReachTheHistory() throws Exception {
        String url = base + "api/pools/tp-dash-api";
        Poll.until("a sample with borrows, waits and use times", Await.BOUND, () -> {
            try {
                for (int i = 0; i < 20; i++) {
                    try (var c = shop.dataSource.getConnection()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L); // held ~2 ms
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
            String latest = latest(body(url));
            return latest.contains("\"acquiresPerSecond\":") && !latest.contains("\"acquiresPerSecond\":0,")
                    && !latest.contains("\"useP50\":null") && !latest.contains("\"waitP99\":null");
        });
        String latest = latest(body(url));
        double useP50 = number(latest, "useP50");
        assertTrue(useP50 >= 1.5 && useP50 < 1_000, "held about 2 ms: " + latest);
        assertTrue(body(url).contains("\"timed\":true"));
    }

    @Test
    void withTimingsOffThePoolIsNotAskedForThemAndTheChartsSaySo() throws Exception {
        try (TidepoolDashboard untimed = TidepoolDashboard.builder().pool(shop.dataSource).token(TOKEN).timings(false)
                .printUrlTo(null).start()) {
            dashboard.stop(); // the other dashboard would ask for timings
            String url = untimed.baseUrl() + "api/pools/tp-dash-api";
            for (int i = 0; i < 20; i++) {
                try (var c = shop.dataSource.getConnection()) {
                    c.isValid(1);
                }
            }
            Poll.until("a sample after the borrows", Await.BOUND, () -> samples(untimed.baseUrl()) >= 2);
            String pool = body(url);
            assertTrue(pool.contains("\"timed\":false"), pool);
            assertTrue(latest(pool).contains("\"waitP50\":null") && latest(pool).contains("\"useP99\":null"), pool);
            assertEquals(0, maxOfColumn(pool, "acquiresPerSecond"));
        }
    }

    static String latest(String pool) {
        int at = pool.indexOf("\"latest\":{");
        return pool.substring(at, pool.indexOf('}', at) + 1);
    }

    static double number(String json, String name) {
        int at = json.indexOf("\"" + name + "\":") + name.length() + 3;
        int end = at;
        while (end < json.length() && "0123456789.-".indexOf(json.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(json.substring(at, end));
    }

    @Test
    void theHoldersShowTheThreadTheTransactionTheMaskedSqlAndTheApplicationFrame() throws Exception {
        shop.holdInTransaction("checkout-worker-7", 2);
        Poll.until("the checkout holds a connection", Await.BOUND, () -> shop.dataSource.stats().active() == 1);
        String holders = Http.get(base + "api/pools/tp-dash-api/holders", WITH_TOKEN).body();
        assertTrue(holders.contains("\"thread\":\"checkout-worker-7\""), holders);
        assertTrue(holders.contains("\"inTransaction\":true"), holders);
        assertTrue(holders.contains("update tp_dashboard_orders set status = ? where id = ?"),
                "literals masked: " + holders);
        assertTrue(holders.contains("OrderService$PaymentClient.charge(OrderService.java:"), holders);
        assertTrue(holders.contains("OrderService.checkout(OrderService.java:"), holders);
        assertTrue(holders.contains("\"borrowSite\":null"), "no borrow site without leakThreshold: " + holders);
    }

    @Test
    void withLeakThresholdTheHoldersShowTheBorrowSiteAndALongHoldIsALeakEvent() throws Exception {
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:tp_dash_leak;DB_CLOSE_DELAY=-1")
                .poolName("tp-dash-leak").maxSize(2).minIdle(1).leakThreshold(Duration.ofMillis(500)).build();
        try (ShopFixture leaky = new ShopFixture(config);
             TidepoolDashboard d = TidepoolDashboard.builder().pool(leaky.dataSource).token(TOKEN).printUrlTo(null)
                     .start()) {
            leaky.holdInTransaction("checkout-worker-9", 1);
            String url = d.baseUrl() + "api/pools/tp-dash-leak";
            Poll.until("the leak event", Await.BOUND, () -> body(url + "/events").contains("\"kind\":\"leak\""));
            String events = body(url + "/events");
            assertTrue(events.contains("checkout-worker-9") && events.contains("OrderService.checkout"), events);
            String holders = body(url + "/holders");
            assertTrue(holders.contains("\"borrowSite\":\"OrderService.checkout(OrderService.java:"), holders);
        }
    }

    @Test
    void aTransactionLeftIdleIsReportedInTheEventsOncePerBorrow() throws Exception {
        shop.holdInTransaction("checkout-worker-1", 1);
        String url = base + "api/pools/tp-dash-api/events";
        Poll.until("the idle-in-transaction event", Await.BOUND, () -> body(url).contains("idle-in-transaction"));
        int seen = samples();
        Poll.until("two more sampling passes", Await.BOUND, () -> samples() >= seen + 2);
        String events = body(url);
        assertEquals(1, count(events, "\"kind\":\"idle-in-transaction\""), events);
        assertTrue(events.contains("checkout-worker-1") && events.contains("OrderService.checkout"), events);
    }

    @Test
    void whileThreadsWaitTheVerdictSaysMoreConnectionsWillNotHelp() throws Exception {
        for (int i = 1; i <= 3; i++) {
            shop.holdInTransaction("checkout-worker-" + i, i);
        }
        Poll.until("three checkouts hold the pool", Await.BOUND, () -> shop.dataSource.stats().active() == 3);
        Poll.until("the holds are a second old", Await.BOUND, () -> shop.dataSource.holders().stream()
                .allMatch(h -> h.heldFor().toMillis() >= 1_100));
        shop.askForStatus("status-request-1", 1);
        String url = base + "api/pools/tp-dash-api";
        Poll.until("the verdict", Await.BOUND, () -> body(url).contains("\"kind\":\"HELD_LONG\""));
        String pool = body(url);
        assertTrue(pool.contains("more connections will not help"), pool);
        assertTrue(pool.contains("OrderService.checkout"), pool);
        Poll.until("the request times out and its 3 s wait is charted", Await.BOUND, () -> maxOfColumn(body(url), "waitP99") >= 2_600);
    }

    /** The largest value of one history column, 0 when it has none. */
    static double maxOfColumn(String pool, String column) {
        int at = pool.indexOf("\"" + column + "\":[", pool.indexOf("\"history\":")) + column.length() + 4;
        double max = 0;
        for (String v : pool.substring(at, pool.indexOf(']', at)).split(",")) {
            if (!v.isEmpty() && !v.equals("null")) {
                max = Math.max(max, Double.parseDouble(v));
            }
        }
        return max;
    }

    @Test
    void theStreamSendsAnUpdateASecondWithCountsHoldersAndEvents() throws IOException {
        List<String> updates = Http.events(base + "api/stream", 3, WITH_TOKEN);
        assertEquals(3, updates.size());
        long first = timeOf(updates.get(1));
        long second = timeOf(updates.get(2));
        assertTrue(second > first, updates.toString());
        for (String u : updates) {
            assertTrue(u.contains("\"holders\":[") && u.contains("\"events\":[") && u.contains("\"stats\":{"), u);
        }
    }

    @Test
    void stopClosesTheOpenStreamsFreesThePortAndEndsTheThreads() throws Exception {
        int port = dashboard.address().getPort();
        Thread reader = new Thread(() -> {
            try {
                Http.events(base + "api/stream", 100, WITH_TOKEN);
            } catch (IOException expected) {
                // the server went away
            }
        });
        reader.start();
        Poll.until("the stream is open", Await.BOUND, () -> threadsNamed("tidepool-dashboard-http-") > 0);
        dashboard.stop();
        reader.join(10_000);
        assertFalse(reader.isAlive(), "the stream ended with stop()");
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        });
        Poll.until("no dashboard thread is left", Await.BOUND, () -> threadsNamed("tidepool-dashboard-") == 0);
        dashboard.stop(); // a second stop does nothing
    }

    @Test
    void byDefaultItListensOnLoopbackWithARandomTokenPrintedOnceAndNeverLogged() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StringBuilder log = new StringBuilder();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.append(r.getMessage()).append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.tidepool.dashboard");
        logger.addHandler(handler);
        try (TidepoolDashboard d = TidepoolDashboard.builder().pool(shop.dataSource)
                .printUrlTo(new PrintStream(printed, true, StandardCharsets.UTF_8)).start()) {
            assertEquals("127.0.0.1", d.address().getAddress().getHostAddress());
            String url = d.url();
            String token = url.substring(url.indexOf("?token=") + 7);
            assertEquals(32, token.length());
            assertEquals("tidepool dashboard: " + url + System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
            assertEquals(200, Http.get(url).status());
            assertEquals(401, Http.get(d.baseUrl()).status());
            assertTrue(log.toString().contains(d.baseUrl()), log.toString());
            assertFalse(log.toString().contains(token), log.toString());
            assertFalse(d.toString().contains(token));
            try (TidepoolDashboard other = TidepoolDashboard.builder().pool(shop.dataSource).printUrlTo(null).start()) {
                assertFalse(other.url().equals(url), "a fresh token at each start");
            }
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void badOptionsFailAtOnceNamingTheOptionAndNothingIsLeftRunning() {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> TidepoolDashboard.builder().start());
        assertTrue(none.getMessage().contains("pool(dataSource)"), none.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> TidepoolDashboard.builder().pool(shop.dataSource).pool(shop.dataSource).start());
        assertTrue(twice.getMessage().contains("'tp-dash-api'"), twice.getMessage());
        IllegalArgumentException shortToken = assertThrows(IllegalArgumentException.class,
                () -> TidepoolDashboard.builder().token("short"));
        assertTrue(shortToken.getMessage().startsWith("token (5 characters) must be at least 16"), shortToken.getMessage());
        assertFalse(shortToken.getMessage().contains("short"), "the token is not shown");
        assertThrows(IllegalArgumentException.class, () -> TidepoolDashboard.builder().token("has spaces in it, 16+"));
        assertThrows(IllegalArgumentException.class, () -> TidepoolDashboard.builder().port(70_000));
        int taken = dashboard.address().getPort();
        int before = threadsNamed("tidepool-dashboard-");
        java.io.UncheckedIOException busy = assertThrows(java.io.UncheckedIOException.class,
                () -> TidepoolDashboard.builder().pool(shop.dataSource).port(taken).printUrlTo(null).start());
        assertTrue(busy.getMessage().contains("cannot listen on 127.0.0.1:" + taken), busy.getMessage());
        Poll.until("the failed start left no thread", Await.BOUND, () -> threadsNamed("tidepool-dashboard-") <= before);
    }

    static String body(String url) {
        try {
            return Http.get(url, WITH_TOKEN).body();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** How many samples the pool's history holds now. */
    int samples() {
        return samples(base);
    }

    static int samples(String base) {
        String pool = body(base + "api/pools/tp-dash-api");
        int at = pool.indexOf("\"history\":{\"time\":[") + "\"history\":{\"time\":[".length();
        String times = pool.substring(at, pool.indexOf(']', at));
        return times.isEmpty() ? 0 : times.split(",").length;
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static long timeOf(String update) {
        int at = update.indexOf("\"time\":") + 7;
        int end = at;
        while (Character.isDigit(update.charAt(end))) {
            end++;
        }
        return Long.parseLong(update.substring(at, end));
    }

    static int threadsNamed(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }
}
