package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code tidepool demo --dashboard}: the URL is printed once, the page is live during the run, gone after. Issue 11. */
class DemoDashboardTest {
    private static final Pattern URL = Pattern.compile("tidepool dashboard: (http://127\\.0\\.0\\.1:(\\d+)/)\\?token=([\\w-]+)");
    /** How long the demo gets to start its dashboard and print the URL. */
    private static final Duration URL_BOUND = Duration.ofSeconds(20);

    @Test
    void demoWithDashboardPrintsTheUrlOnceServesThePoolDuringTheRunAndClosesThePortAfter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread cli = new Thread(() -> exit.set(Main.standard().run(List.of("demo", "--duration", "4s", "--threads", "4",
                "--pool-size", "2", "--dashboard"), output)), "tidepool-cli-under-test");
        cli.start();
        Matcher m = awaitUrl(out);
        String base = m.group(1);
        String token = m.group(3);
        String pools = get(base + "api/pools", token);
        assertTrue(pools.contains("\"name\":\"tidepool-demo\"") && pools.contains("\"max\":2"), pools);
        assertEquals(401, status(base + "api/pools", null));
        cli.join(30_000);
        assertEquals(0, exit.get(), out.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.split("tidepool dashboard: ", -1).length - 1, printed);
        assertThrows(ConnectException.class, () -> status(base + "api/pools", token), "the port is closed after the run");
    }

    @Test
    void holdWithoutDashboardIsAUsageErrorAndFlagsTakeNoValue() {
        CliRun hold = CliRun.of("demo", "--hold");
        assertEquals(2, hold.exitCode(), hold::toString);
        assertTrue(hold.err().contains("--hold keeps the dashboard serving after the run; add --dashboard"), hold::toString);
        CliRun valued = CliRun.of("demo", "--dashboard=yes");
        assertEquals(2, valued.exitCode(), valued::toString);
        assertTrue(valued.err().contains("option --dashboard takes no value; write --dashboard alone"), valued::toString);
        CliRun help = CliRun.of("demo", "--help");
        assertTrue(help.out().contains("  --dashboard ") && help.out().contains("  --hold "), help::toString);
    }

    private static Matcher awaitUrl(ByteArrayOutputStream out) {
        String printed = Poll.until(URL_BOUND, () -> out.toString(StandardCharsets.UTF_8), s -> URL.matcher(s).find());
        Matcher m = URL.matcher(printed);
        if (!m.find()) {
            throw new AssertionError("no dashboard URL in " + URL_BOUND.toSeconds() + " s:\n" + printed);
        }
        return m;
    }

    private static String get(String url, String token) throws IOException {
        HttpURLConnection c = open(url, token);
        assertEquals(200, c.getResponseCode());
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String url, String token) throws IOException {
        HttpURLConnection c = open(url, token);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static HttpURLConnection open(String url, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(3_000);
        c.setReadTimeout(10_000);
        if (token != null) {
            c.setRequestProperty("X-Tidepool-Token", token);
        }
        return c;
    }
}
