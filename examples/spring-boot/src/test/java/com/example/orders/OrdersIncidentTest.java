package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.LogCapture;
import dev.tidepool.testkit.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example service on real PostgreSQL and a real port: /actuator/health and /actuator/prometheus
 * over HTTP, and the incident replayed. A @Transactional method calls a slow HTTP service (served
 * by this test) while a pool of 2 serves the requests; Tidepool's idle-in-transaction warning and
 * its acquire-timeout text name OrderService.placeOrder, with Spring's proxy frames removed.
 * Issue 10.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.tidepool.pool-name=" + OrdersIncidentTest.POOL,
        "spring.datasource.tidepool.max-size=2",
        "spring.datasource.tidepool.acquire-timeout=1500ms",
        "spring.datasource.tidepool.validation-timeout=500ms",
        "spring.datasource.tidepool.idle-in-transaction-threshold=500ms",
        // Boot 3.5's test support switches metrics export off unless asked (Boot 4's does not)
        "spring.test.observability.auto-configure=true"})
class OrdersIncidentTest {

    static final String POOL = "orders-it";
    /** One application frame after another, as the reduced stack shows them: no proxy or framework frame between. */
    private static final String CULPRIT = "PaymentClient\\.charge\\(PaymentClient\\.java:\\d+\\)"
            + " <- OrderService\\.placeOrder\\(OrderService\\.java:\\d+\\)"
            + " <- OrderController\\.create\\(OrderController\\.java:\\d+\\)";

    private static SlowPaymentServer payments;
    private static LogCapture log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    TidepoolDataSource dataSource;

    @BeforeAll
    static void servers() throws Exception {
        TestDatabases.requireAvailable(TestDatabases.postgres());
        payments = new SlowPaymentServer();
        log = LogCapture.of(POOL);
    }

    @DynamicPropertySource
    static void paymentUrl(DynamicPropertyRegistry registry) {
        registry.add("orders.payment-url", () -> payments.url());
    }

    @AfterAll
    static void stop() {
        if (payments != null) {
            payments.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Test
    void healthShowsThePoolUpOverHttp() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        Matcher tidepool = Pattern.compile("\"tidepool\":\\{(\"[a-z]+\":(\\{[^{}]*\\}|\"[A-Z]+\")[,]?)+\\}")
                .matcher(health.body());
        assertThat(tidepool.find()).as("a tidepool component in %s", health.body()).isTrue();
        assertThat(tidepool.group()).contains("\"status\":\"UP\"").contains("\"pool\":\"" + POOL + "\"")
                .contains("\"maxSize\":2");
    }

    @Test
    void prometheusShowsThePoolsMetersOverHttp() throws Exception {
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern(meter("db_client_connection_max", "") + " 2\\.0")
                .containsPattern(meter("db_client_connection_count", ",db_client_connection_state=\"idle\"") + " [0-9.]+")
                .containsPattern(meter("db_client_connection_wait_time_seconds_count", "") + " [0-9.]+");
    }

    /** A sample of {@code name} for this pool, in the Prometheus text format. */
    private static String meter(String name, String moreLabels) {
        return java.util.regex.Pattern.quote(name + "{db_client_connection_pool_name=\"" + POOL + "\"" + moreLabels + "}");
    }

    private double sample(String name) throws Exception {
        Matcher m = Pattern.compile(meter(name, "") + " ([0-9.E]+)").matcher(get("/actuator/prometheus").body());
        assertThat(m.find()).as("%s in /actuator/prometheus", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theIncidentIsReportedNamingTheTransactionalMethodWithoutSpringsProxyFrames() throws Exception {
        double timeoutsBefore = sample("db_client_connection_timeouts_total");
        List<CompletableFuture<HttpResponse<String>>> orders = List.of(postOrder("coffee"), postOrder("tea"));
        try {
            assertThat(payments.awaitHeld(2, 20)).as("both orders are waiting on the payment service (%s)", orders)
                    .isTrue();

            // 1. before the pool runs dry: the idle-in-transaction warning names the method
            await().atMost(Duration.ofSeconds(15)).until(() -> !log.containing("idle in transaction").isEmpty());
            String warning = log.containing("idle in transaction").get(0);
            assertThat(warning).containsPattern(CULPRIT);
            assertNoFrameworkFrames(warning);

            // 2. a quick request now finds no connection: the acquire timeout, logged, names the holder
            HttpResponse<String> list = get("/orders");
            assertThat(list.statusCode()).isEqualTo(500);
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.containing("no connection available").isEmpty());
            String logged = log.containing("no connection available").get(0);
            assertThat(logged).contains(POOL + " - no connection available within 1500 ms").containsPattern(CULPRIT)
                    .contains("in transaction");
            assertNoFrameworkFrames(logged);

            // 3. and the exception a borrower gets says the same
            assertThatThrownBy(() -> {
                try (Connection c = dataSource.getConnection()) {
                    c.isValid(1);
                }
            }).isInstanceOf(SQLTransientConnectionException.class).satisfies(e -> {
                assertThat(e.getMessage()).containsPattern(CULPRIT).contains("Verdict: connections are held long");
                assertNoFrameworkFrames(e.getMessage());
            });
        } finally {
            payments.release();
        }
        for (CompletableFuture<HttpResponse<String>> order : orders) {
            HttpResponse<String> placed = order.get(30, TimeUnit.SECONDS);
            assertThat(placed.statusCode()).isEqualTo(200);
            assertThat(placed.body()).contains("\"status\":\"paid\"");
        }
        assertThat(get("/orders").body()).contains("coffee").contains("tea");
        assertThat(sample("db_client_connection_timeouts_total")).as("the two acquire timeouts, in the metrics")
                .isEqualTo(timeoutsBefore + 2);
    }

    private static void assertNoFrameworkFrames(String text) {
        assertThat(text).doesNotContain("springframework").doesNotContain("CGLIB").doesNotContain("$$")
                .doesNotContain("Proxy").doesNotContain("Interceptor").doesNotContain("catalina");
    }

    private CompletableFuture<HttpResponse<String>> postOrder(String item) {
        HttpRequest request = HttpRequest.newBuilder(uri("/orders?item=" + item)).timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
