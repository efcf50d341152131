package dev.tidepool.cli;

import dev.tidepool.dashboard.browser.Browser;
import dev.tidepool.testkit.Poll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidepool demo --scenario incident --dashboard} in a real browser (issue 11): while the
 * builds hold the pool, the page's holders table names {@code BuildService.build} in a
 * transaction and the verdict says more connections will not help. It writes the README's
 * screenshot to target/, and to docs/dashboard-incident.png with
 * {@code -Dtidepool.updateScreenshot=true}.
 */
@Tag("browser")
class IncidentDashboardBrowserTest {
    private static final Pattern URL = Pattern.compile("tidepool dashboard: (http://127\\.0\\.0\\.1:\\d+/\\?token=[\\w-]+)");
    private static final String POOL = "section.pool[data-pool='tidepool-demo'] ";
    private static final Duration LIVE = Duration.ofSeconds(15);
    /** How long the demo gets to start its dashboard and print the URL. */
    private static final Duration URL_BOUND = Duration.ofSeconds(20);

    @Test
    void duringTheIncidentThePageNamesTheCulpritInATransactionAndSaysMoreConnectionsWillNotHelp() throws Exception {
        try (Browser browser = Browser.requireAvailable(1440, 1760)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Output output = new Output(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            AtomicInteger exit = new AtomicInteger(-1);
            Thread cli = new Thread(() -> exit.set(Main.standard().run(
                    List.of("demo", "--scenario", "incident", "--dashboard"), output)), "tidepool-cli-under-test");
            cli.start();
            try {
                String url = awaitUrl(out);
                browser.open(url);
                browser.until("the holders table names BuildService.build", LIVE,
                        () -> browser.all(POOL + ".holders tbody tr").size() == 4
                                && browser.text(POOL + ".holders td.frame").contains("BuildService.build(BuildService.java:"));
                browser.until("the verdict is on the page while requests wait", LIVE,
                        () -> browser.all(POOL + ".verdict:not([hidden]):not(.past)").size() == 1);
                String verdict = browser.text(POOL + ".verdict .text");
                assertTrue(verdict.contains("more connections will not help"), verdict);
                assertTrue(verdict.contains("BuildService.build"), verdict);
                for (var row : browser.all(POOL + ".holders tbody tr")) {
                    assertEquals("yes", row.findElement(org.openqa.selenium.By.cssSelector("td.tx")).getText(),
                            "every build holds its connection in a transaction");
                }
                // The screenshot shows a few seconds of history, taken while requests still wait (until ~7 s, in three waves).
                browser.until("the builds have held their connections for 4 s, requests still waiting", LIVE,
                        () -> heldSeconds(browser.text(POOL + ".holders tbody td.num")) >= 4.0
                                && browser.all(POOL + ".verdict:not([hidden]):not(.past)").size() == 1);
                Path shot = Path.of("target", "dashboard-incident.png");
                browser.screenshot(shot);
                assertTrue(Files.size(shot) > 20_000, "a real screenshot, not an empty page");
                if (Boolean.getBoolean("tidepool.updateScreenshot")) {
                    Files.copy(shot, Path.of("..", "docs", "dashboard-incident.png"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                List<String> errors = browser.consoleErrors();
                assertTrue(errors.isEmpty(), "console errors: " + errors);
            } finally {
                cli.join(60_000);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit.get(), printed + err.toString(StandardCharsets.UTF_8));
            assertEquals(1, count(printed, "tidepool dashboard: http://"), "the URL is printed once:\n" + printed);
        }
    }

    private static String awaitUrl(ByteArrayOutputStream out) {
        String printed = Poll.until(URL_BOUND, () -> out.toString(StandardCharsets.UTF_8), s -> URL.matcher(s).find());
        Matcher m = URL.matcher(printed);
        if (!m.find()) {
            throw new AssertionError("the demo printed no dashboard URL in " + URL_BOUND.toSeconds() + " s:\n" + printed);
        }
        return m.group(1);
    }

    /** "5.2 s" as 5.2; anything else (ms, empty) as 0. */
    private static double heldSeconds(String text) {
        Matcher m = Pattern.compile("^(\\d+\\.\\d) s$").matcher(text.strip());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
