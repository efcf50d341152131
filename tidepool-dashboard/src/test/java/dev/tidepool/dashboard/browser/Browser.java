package dev.tidepool.dashboard.browser;

import dev.tidepool.testkit.Poll;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver by Selenium: both paths are
 * given, so Selenium Manager never runs and nothing is downloaded. A fresh profile per browser.
 * {@link #requireAvailable()} skips the test (with a notice) when they are missing, and fails it
 * under {@code CI=true}: {@code .ci/prepare-browser.sh} installs them there.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    // Selenium looks for a DevTools binding for this chromium; the tests use none, so its warning is noise.
    private static final java.util.logging.Logger DEVTOOLS = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS.setLevel(Level.SEVERE);
    }

    private final Path profile;
    private final ChromeDriverService service;
    public final WebDriver driver;

    private Browser(int width, int height) throws IOException {
        profile = Files.createTempDirectory("tp-dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30)).build();
        WebDriver d;
        try {
            d = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver = d;
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    /** A browser, or the test is skipped (failed under CI=true) when chromium or chromedriver is missing. */
    public static Browser requireAvailable() throws IOException {
        return requireAvailable(1400, 1000);
    }

    public static Browser requireAvailable(int width, int height) throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                String message = p + " is missing (Debian packages chromium and chromium-driver;"
                        + " .ci/prepare-browser.sh installs them)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError(message + " (CI=true: a missing browser fails the build)");
                }
                System.err.println("[tidepool-dashboard] NOTICE: " + message + "; browser test skipped");
                Assumptions.abort(message + "; browser test skipped (CI=true would fail it)");
            }
        }
        return new Browser(width, height);
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The console's errors (and failed loads) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Every console line since the last call (for failure messages). */
    public List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The text of the first element matching {@code css}, or "" when there is none. The page
     * re-renders itself once a second, so an element found may be replaced before its text is read:
     * then it is found again (a few times at most; a re-render takes milliseconds).
     */
    public String text(String css) {
        for (int attempt = 1; ; attempt++) {
            List<WebElement> found = all(css);
            try {
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException replacedMeanwhile) {
                if (attempt == STALE_RETRIES) {
                    throw replacedMeanwhile;
                }
            }
        }
    }

    /** How often {@link #text} looks again for an element the page replaced while it read it. */
    private static final int STALE_RETRIES = 5;

    /** Bounded polling of the page (the page updates itself once a second). */
    public void until(String what, Duration limit, Supplier<Boolean> condition) {
        Poll.until(what, limit, () -> {
            try {
                return condition.get();
            } catch (org.openqa.selenium.StaleElementReferenceException replacedMeanwhile) {
                return false;
            }
        });
    }


    public void screenshot(Path file) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
