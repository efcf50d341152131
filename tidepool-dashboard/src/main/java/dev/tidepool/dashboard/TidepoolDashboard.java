package dev.tidepool.dashboard;

import dev.tidepool.dashboard.internal.DashboardServer;
import dev.tidepool.dashboard.internal.PoolView;
import dev.tidepool.dashboard.internal.Token;
import dev.tidepool.jdbc.TidepoolDataSource;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A live web page for one or several pools, served by the JDK's HTTP server from this process:
 * counts against {@code maxSize}, wait and use times and throughput over the last 15 minutes,
 * who holds the connections now, the exhaustion verdict, connect failures and recent events.
 *
 * <pre>{@code
 * TidepoolDashboard dashboard = TidepoolDashboard.builder()
 *         .pool(ordersDataSource)
 *         .pool(billingDataSource)
 *         .start(); // prints "tidepool dashboard: http://127.0.0.1:PORT/?token=..." once
 * ...
 * dashboard.stop();
 * }</pre>
 *
 * <p>Secure by default: it listens on 127.0.0.1 only; every request needs the access token
 * (random at each start unless {@link Builder#token configured}), and any other request gets a
 * bare 401; it is read-only unless {@link Builder#actions actions} are enabled, and then an
 * action is a POST carrying the token in the {@code X-Tidepool-Token} header. No configuration
 * value but the pool's name and sizes is served, and every dynamic response is scrubbed of the
 * pools' passwords. Text from the database (SQL, thread names, messages) is data in JSON and
 * the page writes it as text, never as markup.
 *
 * <p>Cost: while it runs, the dashboard listens to each pool ({@code addListener}), so the pool
 * reads the clock for the timing events of every borrow and return (one histogram increment
 * each); one sampler thread reads the counts once a second; stacks are taken only while a page
 * is open (the holders table) or threads wait (the verdict). Memory is bounded: 15 minutes of
 * samples (~72 KB) and 200 events (~200 KB at most) per pool. {@link #stop()} detaches the
 * listeners; without a dashboard the pool pays nothing. See docs/dashboard.md.
 */
public final class TidepoolDashboard implements AutoCloseable {

    private final DashboardServer server;
    private final InetSocketAddress address;
    private final Token token;
    private volatile boolean stopped;

    private TidepoolDashboard(DashboardServer server, InetSocketAddress address, Token token) {
        this.server = server;
        this.address = address;
        this.token = token;
    }

    /** Options for a dashboard: at least one {@link Builder#pool pool}, then {@link Builder#start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where the server listens (the real port when {@code port(0)} chose one). */
    public InetSocketAddress address() {
        return address;
    }

    /** The page's address without the token, safe to log. */
    public String baseUrl() {
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort() + "/";
    }

    /** The page's address with the access token: give it only to whoever may see the pools. */
    public String url() {
        return baseUrl() + "?token=" + token.reveal();
    }

    /**
     * Ends the open streams, frees the port and stops the dashboard's threads (each wait bounded,
     * a few seconds at most). The pools are not touched. A second call does nothing.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "TidepoolDashboard[" + baseUrl() + (stopped ? ", stopped" : "") + "]";
    }

    /** Options for a dashboard; {@link #start()} starts it. */
    public static final class Builder {
        private final List<TidepoolDataSource> pools = new ArrayList<>();
        private String bindAddress = "127.0.0.1";
        private int port;
        private Token token;
        private boolean actions;
        private boolean timings = true;
        private PrintStream announce = System.out;

        private Builder() {
        }

        /** A pool to show; call once per pool. Pool names must differ (they name the pools in the URLs). */
        public Builder pool(TidepoolDataSource dataSource) {
            pools.add(Objects.requireNonNull(dataSource, "dataSource"));
            return this;
        }

        /**
         * The address to listen on; default {@code 127.0.0.1} (this machine only). Anything else
         * exposes the pools' holders to whoever reaches that address with the token.
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /** The port; default 0: a free port, chosen at start (see {@link TidepoolDashboard#address()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port (" + port + ") must be 0-65535; 0 picks a free port");
            }
            this.port = port;
            return this;
        }

        /**
         * A fixed access token instead of a random one at each start: at least 16 characters of
         * {@code A-Z a-z 0-9 - _ . ~}. With a configured token the URL is not printed at start.
         */
        public Builder token(String token) {
            this.token = Token.of(token);
            return this;
        }

        /** Allows soft-evict and suspend/resume from the page (POST, token in a header); default off: read-only. */
        public Builder actions(boolean enabled) {
            this.actions = enabled;
            return this;
        }

        /**
         * Whether to chart wait, use and throughput (default true). They need the pool's timing
         * events, for which the pool reads the clock on every borrow and return while the dashboard
         * runs; with {@code false} the borrow path is untouched and the page shows the counts,
         * holders, verdict and events only.
         */
        public Builder timings(boolean enabled) {
            this.timings = enabled;
            return this;
        }

        /**
         * Where the URL with a generated token is printed once at start (default {@code System.out},
         * like a notebook server); null prints nothing (then read {@link TidepoolDashboard#url()}).
         * The token never goes to the log.
         */
        public Builder printUrlTo(PrintStream out) {
            this.announce = out;
            return this;
        }

        /**
         * Starts serving.
         *
         * @throws IllegalStateException when no pool was given, or two share a name
         * @throws IllegalArgumentException when the bind address does not resolve
         * @throws UncheckedIOException when the port cannot be bound (nothing is left running)
         */
        public TidepoolDashboard start() {
            if (pools.isEmpty()) {
                throw new IllegalStateException("no pool to show: call pool(dataSource) at least once before start()");
            }
            Set<String> names = new HashSet<>();
            List<PoolView> views = new ArrayList<>();
            List<String> passwords = new ArrayList<>();
            for (TidepoolDataSource ds : pools) {
                if (!names.add(ds.poolName())) {
                    throw new IllegalStateException("two pools are named '" + ds.poolName() + "': give each a"
                            + " distinct poolName, the dashboard's URLs name pools by it");
                }
                views.add(new PoolView(ds, timings));
                passwords.add(ds.config().password());
            }
            InetSocketAddress bind;
            try {
                bind = new InetSocketAddress(InetAddress.getByName(bindAddress), port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress (" + bindAddress + ") does not resolve; use an IP"
                        + " address such as 127.0.0.1", e);
            }
            boolean generated = token == null;
            Token t = generated ? Token.random() : token;
            DashboardServer server = new DashboardServer(views, t, actions, passwords);
            InetSocketAddress bound;
            try {
                bound = server.start(bind);
            } catch (IOException e) {
                try {
                    server.stop();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                throw new UncheckedIOException("dashboard: cannot listen on " + bindAddress + ":" + port + " ("
                        + e.getMessage() + "); choose another port, or port(0) for a free one", e);
            }
            TidepoolDashboard dashboard = new TidepoolDashboard(server, bound, t);
            System.getLogger("dev.tidepool.dashboard").log(System.Logger.Level.INFO,
                    "dashboard for " + String.join(", ", names) + " at " + dashboard.baseUrl()
                            + " (access token " + (generated ? "printed at start" : "configured") + ", not logged)");
            if (generated && announce != null) {
                announce.println("tidepool dashboard: " + dashboard.url());
            }
            return dashboard;
        }
    }
}
