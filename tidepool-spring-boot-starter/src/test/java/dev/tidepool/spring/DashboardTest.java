package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidepool.dashboard.TidepoolDashboard;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * management.tidepool.dashboard.* turns on the live dashboard (tidepool-dashboard) for the context's
 * Tidepool pools on a port of its own, over real HTTP against pools on embedded H2: off by default,
 * token required, stopped with the context. Runs on Boot 4.0 here and on 3.5 in
 * tidepool-spring-boot3-tests. Issue 11.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardTest {

    private static final String H2 = "spring.datasource.url=jdbc:h2:mem:tp_spring_dashboard;DB_CLOSE_DELAY=-1";
    private static final String ON = "management.tidepool.dashboard.enabled=true";
    private static final String TOKEN = "tp-spring-dashboard-token-0123";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void enabledItServesThePoolsOnAFreeLoopbackPortWithTheGeneratedTokenAndRefusesRequestsWithout(CapturedOutput output) {
        BootLine.runner().withPropertyValues(H2, ON, "spring.datasource.tidepool.pool-name=tp-spring-dashboard")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TidepoolDashboard dashboard = context.getBean(TidepoolDashboard.class);
                    InetSocketAddress address = dashboard.address();
                    assertThat(address.getAddress().isLoopbackAddress()).as("binds 127.0.0.1 by default").isTrue();
                    assertThat(address.getPort()).isPositive();

                    HttpResponse<String> withToken = get(dashboard.baseUrl() + "api/pools?" + dashboard.url().split("\\?")[1]);
                    assertThat(withToken.statusCode()).isEqualTo(200);
                    assertThat(withToken.body()).contains("\"tp-spring-dashboard\"");

                    HttpResponse<String> without = get(dashboard.baseUrl() + "api/pools");
                    assertThat(without.statusCode()).isEqualTo(401);
                    assertThat(without.body()).doesNotContain("tp-spring-dashboard");

                    String token = dashboard.url().substring(dashboard.url().indexOf("token=") + "token=".length());
                    assertThat(output.getOut()).as("the URL with the generated token, printed once")
                            .containsOnlyOnce(dashboard.url());
                    assertThat(output.getAll()).as("the log says the port it chose")
                            .contains("port " + address.getPort() + ", a free one");
                    assertThat(output.getAll().replace(dashboard.url(), "")).as("the token nowhere else")
                            .doesNotContain(token);
                });
    }

    @Test
    void aConfiguredTokenIsTheOneThatOpensItAndItIsNeitherPrintedNorLogged(CapturedOutput output) {
        BootLine.runner().withPropertyValues(H2, ON, "management.tidepool.dashboard.token=" + TOKEN).run(context -> {
            TidepoolDashboard dashboard = context.getBean(TidepoolDashboard.class);
            String pools = dashboard.baseUrl() + "api/pools";
            assertThat(get(pools, "X-Tidepool-Token", TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(pools + "?token=" + TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(pools, "X-Tidepool-Token", TOKEN + "x").statusCode()).isEqualTo(401);
            assertThat(output.getAll()).contains("Tidepool dashboard for").contains("token configured")
                    .doesNotContain(TOKEN);
        });
    }

    @Test
    void offByDefaultNothingListensEvenOnAConfiguredPort() throws IOException {
        int port = freePort();
        BootLine.runner().withPropertyValues(H2, "management.tidepool.dashboard.port=" + port).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(TidepoolDashboard.class);
            assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/api/pools")).isInstanceOf(ConnectException.class);
        });
    }

    @Test
    void closingTheContextStopsItAndFreesItsPort() throws IOException {
        int port = freePort();
        AtomicInteger served = new AtomicInteger();
        BootLine.runner().withPropertyValues(H2, ON, "management.tidepool.dashboard.port=" + port,
                "management.tidepool.dashboard.token=" + TOKEN).run(context -> {
                    assertThat(context.getBean(TidepoolDashboard.class).address().getPort()).isEqualTo(port);
                    served.set(get("http://127.0.0.1:" + port + "/api/pools", "X-Tidepool-Token", TOKEN).statusCode());
                });
        assertThat(served.get()).isEqualTo(200);
        assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/api/pools", "X-Tidepool-Token", TOKEN))
                .isInstanceOf(ConnectException.class);
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void itShowsEveryTidepoolDataSourceBeanOfTheContext() {
        BootLine.runner().withUserConfiguration(TwoPools.class)
                .withPropertyValues(ON, "management.tidepool.dashboard.token=" + TOKEN).run(context -> {
                    TidepoolDashboard dashboard = context.getBean(TidepoolDashboard.class);
                    String body = get(dashboard.baseUrl() + "api/pools", "X-Tidepool-Token", TOKEN).body();
                    assertThat(body).contains("\"tp-spring-dashboard-orders\"").contains("\"tp-spring-dashboard-billing\"");
                });
    }

    @Test
    void itIsReadOnlyUnlessActionsAreSwitchedOn() {
        String pool = "spring.datasource.tidepool.pool-name=tp-spring-dashboard-actions";
        String token = "management.tidepool.dashboard.token=" + TOKEN;
        BootLine.runner().withPropertyValues(H2, ON, pool, token).run(context ->
                assertThat(post(context.getBean(TidepoolDashboard.class), "tp-spring-dashboard-actions/soft-evict"))
                        .isEqualTo(403));
        BootLine.runner().withPropertyValues(H2, ON, pool, token, "management.tidepool.dashboard.actions=true")
                .run(context -> assertThat(post(context.getBean(TidepoolDashboard.class),
                        "tp-spring-dashboard-actions/soft-evict")).isEqualTo(200));
    }

    private static int post(TidepoolDashboard dashboard, String action) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(dashboard.baseUrl() + "api/pools/" + action))
                .timeout(Duration.ofSeconds(10)).header("X-Tidepool-Token", TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void withoutTidepoolDashboardOnTheClassPathTheEnabledSwitchDoesNothing() {
        BootLine.runner().withPropertyValues(H2, ON).withClassLoader(new FilteredClassLoader(TidepoolDashboard.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("tidepoolDashboard"));
    }

    @Test
    void badValuesFailTheContextNamingTheKeyAndTheRuleButNeverTheToken() {
        assertThat(failure("management.tidepool.dashboard.port=70000"))
                .contains("management.tidepool.dashboard.port (70000) must be 0-65535");
        assertThat(failure("management.tidepool.dashboard.token=short-secret"))
                .contains("management.tidepool.dashboard.token: token (12 characters) must be at least 16")
                .doesNotContain("short-secret");
        assertThat(failure("management.tidepool.dashboard.actions=yes"))
                .contains("management.tidepool.dashboard.actions (yes) must be true or false");
    }

    /** The failure of a context with the dashboard on and {@code property}, with all its causes. */
    private static String failure(String property) {
        StringWriter trace = new StringWriter();
        BootLine.runner().withPropertyValues(H2, ON, property).run(context -> {
            assertThat(context).hasFailed();
            context.getStartupFailure().printStackTrace(new PrintWriter(trace));
        });
        return trace.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPools {
        @Bean
        TidepoolDataSource orders() throws SQLException {
            return new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:tp_spring_dashboard_orders")
                    .poolName("tp-spring-dashboard-orders").maxSize(2).build());
        }

        @Bean
        TidepoolDataSource billing() throws SQLException {
            return new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:tp_spring_dashboard_billing")
                    .poolName("tp-spring-dashboard-billing").maxSize(2).build());
        }
    }
}
