package dev.tidepool.dashboard;

import dev.tidepool.testkit.Poll;
import dev.tidepool.dashboard.browser.Browser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page in Debian's chromium (headless): what an operator sees. */
@Tag("browser")
class DashboardBrowserTest {
    static final Duration LIVE = Duration.ofSeconds(15);
    static final String POOL = "section.pool[data-pool='tp-dash-web'] ";

    ShopFixture shop;
    TidepoolDashboard dashboard;

    @BeforeEach
    void start() throws Exception {
        shop = new ShopFixture("tp-dash-web", 4);
        dashboard = TidepoolDashboard.builder().pool(shop.dataSource).printUrlTo(null).start();
    }

    @AfterEach
    void stop() throws Exception {
        dashboard.stop();
        shop.close();
    }

    @Test
    void thePageLoadsLiveWithItsChartsAndNoConsoleError() throws Exception {
        try (Browser browser = Browser.requireAvailable()) {
            browser.open(dashboard.url());
            browser.until("the pool's section is live", LIVE, () -> browser.text("#status").startsWith("live")
                    && !browser.all(POOL).isEmpty());
            browser.until("four charts are drawn", LIVE, () -> browser.all(POOL + ".uplot canvas").size() == 4);
            browser.until("two updates came", LIVE, () -> browser.all(POOL + ".uplot").size() == 4
                    && browser.text(POOL + ".count.used b").equals("0"));
            assertEquals("4", browser.text(POOL + ".count.used .value + span, " + POOL + ".count.used span.value"));
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
            assertFalse(browser.driver.getCurrentUrl().contains("token"), "the token left the address bar: "
                    + browser.driver.getCurrentUrl().replaceAll("token=.*", "token=..."));
            // The check above can fail: a failed load is a console error.
            browser.open(dashboard.baseUrl() + "static/missing.js");
            assertFalse(browser.consoleErrors().isEmpty(), "a 404 shows in the console log");
        }
    }

    @Test
    void theLiveCountsAndTheHoldersTableFollowAWorkloadThatStarts() throws Exception {
        try (Browser browser = Browser.requireAvailable()) {
            browser.open(dashboard.url());
            browser.until("the page shows the idle pool", LIVE, () -> browser.text(POOL + ".count.used b").equals("0"));
            shop.holdInTransaction("checkout-worker-1", 1);
            shop.holdInTransaction("checkout-worker-2", 2);
            browser.until("2 used", LIVE, () -> browser.text(POOL + ".count.used b").equals("2"));
            browser.until("two holder rows", LIVE, () -> browser.all(POOL + ".holders tbody tr").size() == 2);
            String table = browser.text(POOL + ".holders table");
            assertTrue(table.contains("checkout-worker-1") && table.contains("checkout-worker-2"), table);
            assertTrue(table.contains("OrderService.checkout(OrderService.java:"), table);
            assertTrue(table.contains("update tp_dashboard_orders set status = ? where id = ?"), table);
            browser.until("the idle-in-transaction events", LIVE,
                    () -> browser.all(POOL + ".events li[data-kind='idle-in-transaction']").size() == 2);
            assertTrue(browser.consoleErrors().isEmpty());
        }
    }

    @Test
    void withActionsEnabledTheSuspendButtonSuspendsThePoolAndThePageSaysSo() throws Exception {
        try (TidepoolDashboard writable = TidepoolDashboard.builder().pool(shop.dataSource).actions(true)
                .printUrlTo(null).start(); Browser browser = Browser.requireAvailable()) {
            browser.open(writable.url());
            browser.until("the action buttons", LIVE, () -> browser.all(POOL + "button[data-action]").size() == 3);
            browser.driver.findElement(By.cssSelector(POOL + "button[data-action='suspend']")).click();
            Poll.until("the pool is suspended", Await.BOUND, () -> shop.dataSource.isSuspended());
            browser.until("the badge shows", LIVE, () -> browser.all(POOL + ".badge.suspended:not([hidden])").size() == 1);
            browser.driver.findElement(By.cssSelector(POOL + "button[data-action='resume']")).click();
            Poll.until("the pool lends again", Await.BOUND, () -> !shop.dataSource.isSuspended());
            assertTrue(browser.consoleErrors().isEmpty());
        }
    }

    @Test
    void aBrowserWithoutTheTokenGetsOnly401() throws Exception {
        try (Browser browser = Browser.requireAvailable()) {
            browser.open(dashboard.baseUrl());
            assertEquals("401 Unauthorized", browser.driver.findElement(By.tagName("body")).getText().strip());
            browser.open(dashboard.baseUrl() + "api/pools");
            assertEquals("401 Unauthorized", browser.driver.findElement(By.tagName("body")).getText().strip());
            assertTrue(browser.all("section.pool").isEmpty());
        }
    }

    @Test
    void markupInSqlAndThreadNamesIsShownAsTextAndNeverRuns() throws Exception {
        String thread = "<img src=x onerror=alert(document.domain)>";
        String sql = "select 1 as \"<script>alert(document.cookie)</script>\"";
        shop.holdAfter(thread, sql);
        try (Browser browser = Browser.requireAvailable()) {
            browser.open(dashboard.url());
            browser.until("the holder row", LIVE, () -> browser.all(POOL + ".holders tbody tr").size() == 1);
            assertEquals(thread, browser.text(POOL + ".holders td.thread"));
            assertEquals("select ? as \"<script>alert(document.cookie)</script>\"", browser.text(POOL + ".holders td.sql"));
            WebElement table = browser.driver.findElement(By.cssSelector(POOL + ".holders table"));
            assertTrue(table.findElements(By.tagName("script")).isEmpty());
            assertTrue(table.findElements(By.tagName("img")).isEmpty());
            assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
            assertTrue(browser.consoleErrors().isEmpty());
        }
    }
}
