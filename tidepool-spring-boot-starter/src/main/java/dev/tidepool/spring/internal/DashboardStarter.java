package dev.tidepool.spring.internal;

import dev.tidepool.dashboard.TidepoolDashboard;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.env.Environment;

/**
 * Starts the Tidepool dashboard from {@code management.tidepool.dashboard.*} for the context's pools.
 * Bad values fail the context with the key, the value (never the token's) and the fix; the log line
 * says where it listens and whether the port was chosen, never the token (the builder prints the URL
 * with a generated token once, to standard output, like the standalone dashboard).
 */
public final class DashboardStarter {

    /** The prefix of the dashboard's keys. */
    public static final String PREFIX = "management.tidepool.dashboard.";

    private static final Log LOG = LogFactory.getLog(DashboardStarter.class);

    private DashboardStarter() {
    }

    /** Starts a dashboard for {@code pools} as {@code env} configures it. */
    public static TidepoolDashboard start(List<TidepoolDataSource> pools, Environment env) {
        String portValue = env.getProperty(PREFIX + "port", "0").trim();
        int port;
        try {
            port = Integer.parseInt(portValue);
        } catch (NumberFormatException e) {
            throw invalid("port", portValue, "must be a number 0-65535; 0 picks a free port", e);
        }
        if (port < 0 || port > 65535) {
            throw invalid("port", portValue, "must be 0-65535; 0 picks a free port", null);
        }
        String bindAddress = env.getProperty(PREFIX + "bind-address", "127.0.0.1").trim();
        TidepoolDashboard.Builder builder = TidepoolDashboard.builder()
                .bindAddress(bindAddress)
                .port(port)
                .actions(flag(env, "actions", false))
                .timings(flag(env, "timings", true))
                .printUrlTo(System.out);
        String token = env.getProperty(PREFIX + "token");
        if (token != null && !token.isEmpty()) {
            try {
                builder.token(token);
            } catch (IllegalArgumentException e) {
                // The builder's message never shows the token, only its length or the bad position.
                throw new IllegalStateException(PREFIX + "token: " + e.getMessage(), e);
            }
        }
        pools.forEach(builder::pool);
        TidepoolDashboard dashboard;
        try {
            dashboard = builder.start();
        } catch (IllegalArgumentException e) {
            throw invalid("bind-address", bindAddress, "must be an IP address or host name of this machine", e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("Tidepool dashboard: cannot listen on " + bindAddress + ":" + port + " ("
                    + PREFIX + "bind-address, " + PREFIX + "port): " + e.getCause().getMessage()
                    + "; choose another port, or 0 for a free one", e);
        }
        LOG.info("Tidepool dashboard for " + pools.stream().map(TidepoolDataSource::poolName).toList() + " at "
                + dashboard.baseUrl() + " (port " + dashboard.address().getPort()
                + (port == 0 ? ", a free one: " + PREFIX + "port=0" : "") + "; access token "
                + (token == null || token.isEmpty() ? "generated, printed once to standard output" : "configured")
                + ", not logged)");
        return dashboard;
    }

    private static boolean flag(Environment env, String key, boolean defaultValue) {
        String value = env.getProperty(PREFIX + key, String.valueOf(defaultValue)).trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, value, "must be true or false", null);
    }

    private static IllegalStateException invalid(String key, String value, String rule, Exception cause) {
        return new IllegalStateException(PREFIX + key + " (" + value + ") " + rule, cause);
    }
}
