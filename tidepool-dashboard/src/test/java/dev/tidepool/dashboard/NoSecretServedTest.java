package dev.tidepool.dashboard;

import dev.tidepool.testkit.Poll;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No byte the dashboard serves holds a configured password: a whole session against real
 * PostgreSQL, with a pool logged in by password, a pool whose password is wrong (so connect
 * failures and their messages are on the page), a holder thread whose name carries the
 * password, every endpoint, the page's files, the stream, the 401s and an action.
 */
class NoSecretServedTest {
    static final String TOKEN = "tp-dashboard-secret-test-0123456789";
    static final String WRONG_PASSWORD = "tp_dashboard_wrong_pw_secret";

    @Test
    void noResponseOfAFullSessionOnPostgresqlHoldsAConfiguredPassword() throws Exception {
        session(TestDatabases.requireAvailable(TestDatabases.postgresPasswordRole()));
    }

    /** H2 checks passwords too: the first connection to a new database sets the admin's. */
    @Test
    void noResponseOfAFullSessionOnH2HoldsAConfiguredPassword() throws Exception {
        DbTarget h2 = new DbTarget(DbTarget.H2, "jdbc:h2:mem:tp_dash_secret;DB_CLOSE_DELAY=-1", "tp_dash",
                "tp_dashboard_h2_secret", null, 0);
        h2.connect().close();
        session(h2);
    }

    private void session(DbTarget pg) throws Exception {
        TidepoolConfig good = TidepoolConfig.builder().jdbcUrl(pg.url()).username(pg.user()).password(pg.password())
                .poolName("tp-dash-secret").maxSize(3).minIdle(1).acquireTimeout(Duration.ofSeconds(5))
                .validationTimeout(Duration.ofSeconds(1))
                .idleInTransactionThreshold(Duration.ofMillis(500)).build();
        TidepoolConfig wrong = TidepoolConfig.builder().jdbcUrl(pg.url()).username(pg.user()).password(WRONG_PASSWORD)
                .poolName("tp-dash-secret-wrong").maxSize(2).minIdle(1).failFast(false)
                .acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(1)).build();
        List<Http.Response> responses = new ArrayList<>();
        try (ShopFixture shop = new ShopFixture(good, false);
             TidepoolDataSource broken = new TidepoolDataSource(wrong);
             TidepoolDashboard dashboard = TidepoolDashboard.builder().pool(shop.dataSource).pool(broken).token(TOKEN)
                     .actions(true).printUrlTo(null).start()) {
            String base = dashboard.baseUrl();
            String[] auth = {"X-Tidepool-Token", TOKEN};
            shop.holdAfter("worker-" + pg.password(), "select '" + pg.password() + "' as p, 42");
            shop.start("tp-dash-secret-tx", () -> {
                try (var c = shop.dataSource.getConnection(); var s = c.createStatement()) {
                    c.setAutoCommit(false);
                    s.execute("select 1");
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                    c.rollback();
                }
            });
            Poll.until("the wrong password's failures are on the page", Await.BOUND,
                    () -> get(base + "api/pools", auth).body().contains("\"class\":\"AUTH_FAILED\""));
            Poll.until("the idle transaction is an event", Await.BOUND,
                    () -> get(base + "api/pools/tp-dash-secret/events", auth).body().contains("idle-in-transaction"));

            responses.add(Http.get(base + "?token=" + TOKEN));
            for (String path : List.of("", "static/app.js", "static/app.css", "static/favicon.svg", "static/uplot.js",
                    "static/uplot.css", "api/pools")) {
                responses.add(Http.get(base + path, auth));
                responses.add(Http.get(base + path));
            }
            for (String pool : List.of("tp-dash-secret", "tp-dash-secret-wrong")) {
                for (String what : List.of("", "/holders", "/events")) {
                    responses.add(Http.get(base + "api/pools/" + pool + what, auth));
                }
                responses.add(Http.post(base + "api/pools/" + pool + "/suspend", auth));
                responses.add(Http.get(base + "api/pools/" + pool + "/soft-evict", auth));
            }
            responses.add(Http.get(base + "api/pools/no-such-pool", auth));
            List<String> stream = Http.events(base + "api/stream", 3, auth);
            for (String update : stream) {
                responses.add(new Http.Response(200, Map.of(), update));
            }
            responses.add(Http.post(base + "api/pools/tp-dash-secret/soft-evict", auth));

            String all = String.join("\n", responses.stream().map(r -> r.headers() + "\n" + r.body()).toList());
            assertTrue(all.contains("AUTH_FAILED") && all.contains("worker-****"), "the session saw what it should");
            assertTrue(all.contains("check username/password"), "the fix hint is there");
            for (String secret : List.of(pg.password(), WRONG_PASSWORD)) {
                assertFalse(all.contains(secret), "a response holds a password");
                assertFalse(all.contains(new dev.tidepool.dashboard.internal.Json().value(secret).toString()
                        .replace("\"", "")), "a response holds a password, JSON-escaped");
            }
            assertEquals(responses.size(), responses.stream().filter(r -> r.status() > 0).count());
        }
    }

    static Http.Response get(String url, String... headers) {
        try {
            return Http.get(url, headers);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
