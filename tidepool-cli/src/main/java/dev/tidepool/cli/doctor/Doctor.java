package dev.tidepool.cli.doctor;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier;
import dev.tidepool.jdbc.internal.config.Redaction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Walks a connection step by step, the way a DBA would, and stops at the first step that fails:
 * resolve the host, open a TCP connection to the port, connect and log in with the driver, run a
 * validation query; then survey the server and suggest a pool size. Every step is bounded by the
 * timeout, so the doctor never hangs. The password is only handed to the driver: it appears in no
 * step, message or report.
 */
public final class Doctor {

    /**
     * What to examine. {@code dbCores} null means "assume this machine's core count";
     * {@code browserPort} is the SQL Server Browser's UDP port, asked for a named instance's port.
     */
    public record Options(String url, String user, String password, int instances, Integer dbCores,
                          Duration timeout, String adminUser, String adminPassword, Integer poolSize,
                          int browserPort) {
        public Options {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(timeout, "timeout");
            if (browserPort < 1 || browserPort > 65535) {
                throw new IllegalArgumentException("browserPort " + browserPort + " must be from 1 to 65535");
            }
        }

        @Override
        public String toString() {
            return "Options[url=" + Redaction.url(url) + ", user=" + user + ", instances=" + instances + "]";
        }
    }

    private final Options options;
    /** Where the URL points; for a SQL Server named instance the port is filled in by the browser step. */
    private JdbcTarget target;
    /** The SQL Server reading of the URL, or null for other vendors. */
    private final SqlServerUrl sqlServer;
    private final List<Step> steps = new ArrayList<>();
    private long stepStart;

    private Doctor(Options options, JdbcTarget target) {
        this.options = options;
        this.target = target;
        this.sqlServer = JdbcTarget.SQLSERVER.equals(target.vendor()) ? SqlServerUrl.parse(options.url()) : null;
    }

    /** Examines {@code options.url()}, already parsed as {@code target}. */
    public static DoctorReport examine(Options options, JdbcTarget target) {
        return new Doctor(options, target).run();
    }

    private DoctorReport run() {
        steps.add(new Step("parse", Step.Status.OK, 0, describeTarget()));
        InetAddress[] addresses;
        try {
            addresses = resolve();
            if (sqlServer != null) {
                browser(addresses);
            }
            tcp(addresses);
        } catch (StepFailure f) {
            return report(f.failure, null, null);
        }
        Connection connection;
        try {
            connection = connect();
        } catch (StepFailure f) {
            return report(f.failure, null, null);
        }
        try {
            validate(connection);
            BouncerFacts bouncer = pooler(connection);
            begin();
            ServerFacts facts = new ServerSurvey(connection, options.timeout()).survey(target);
            ok("survey", facts.product() + " " + facts.version());
            PoolSizeAdvice advice = advice(facts, bouncer);
            FleetFit fleet = FleetFit.of(facts, bouncer, options.instances(),
                    options.poolSize() != null ? options.poolSize() : advice.maxSize(),
                    options.poolSize() != null ? "--pool-size" : "the suggestion");
            return new DoctorReport(Redaction.url(options.url()), options.user(), target, List.copyOf(steps), null,
                    facts, advice, bouncer, fleet);
        } catch (StepFailure f) {
            return report(f.failure, null, null);
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // the report is complete; a failing close changes nothing the doctor says
        }
    }

    private String describeTarget() {
        if (!target.networked()) {
            return target.vendor() + " URL: the doctor does not read its host, the driver connects directly";
        }
        String database = target.database() == null || target.database().isEmpty() ? "(driver default)" : target.database();
        if (sqlServer != null) {
            return "sqlserver, host " + sqlServer.host()
                    + (sqlServer.instance() != null ? ", instance " + sqlServer.instance() : "")
                    + (sqlServer.needsBrowser() ? ", port from the SQL Server Browser" : ", port " + target.port())
                    + ", database " + database + ", " + sqlServer.tlsSettings();
        }
        return target.vendor() + ", host " + target.host() + ", port " + target.port() + ", database " + database;
    }

    /**
     * SQL Server: for a named instance without a port, asks the SQL Server Browser (UDP) on which
     * port the instance listens, as the driver would, and stops with the fix when it does not say.
     */
    private void browser(InetAddress[] addresses) throws StepFailure {
        if (!sqlServer.needsBrowser()) {
            steps.add(new Step("browser", Step.Status.SKIPPED, 0, sqlServer.instance() == null
                    ? "default instance: no SQL Server Browser needed"
                    : "the port is given: the driver does not ask the SQL Server Browser"));
            return;
        }
        begin();
        String instance = sqlServer.instance();
        String where = target.host() + ":" + options.browserPort() + " (UDP)";
        String fix = "start the SQL Server Browser service on " + target.host() + ", open UDP "
                + options.browserPort() + " in the firewalls between, or give the port explicitly: "
                + SqlServerUrl.PREFIX + target.host() + "\\" + instance + ":<port>;... (the port is in SQL Server"
                + " Configuration Manager, TCP/IP properties, or the server's error log: 'Server is listening on')";
        SqlBrowser.Outcome outcome;
        try {
            // the first address: the driver asks one too, and the whole step stays within one timeout
            outcome = SqlBrowser.ask(addresses[0], options.browserPort(), instance, options.timeout());
        } catch (IOException | IllegalArgumentException e) {
            throw failWith("browser", ConnectFailure.OTHER, "cannot ask the SQL Server Browser at " + where
                    + " for instance " + instance + ": " + e.getMessage(), fix);
        }
        if (outcome instanceof SqlBrowser.Silent silent) {
            throw failWith("browser", ConnectFailure.TIMEOUT, "the SQL Server Browser at " + where
                    + " did not answer within " + silent.waited().toMillis() + " ms for instance " + instance
                    + " (the driver's \"error locating server/instance\"): the Browser service is not running,"
                    + " UDP " + options.browserPort() + " is blocked, or no instance of that name exists there"
                    + " (the Browser stays silent about unknown names)", fix + "; and check the instance name");
        }
        if (outcome instanceof SqlBrowser.Unreachable unreachable) {
            throw failWith("browser", ConnectFailure.REFUSED, "no SQL Server Browser at " + where + ": "
                    + unreachable.reason() + " (the Browser service is stopped, or a firewall rejects the port)", fix);
        }
        SqlBrowser.Answer answer = ((SqlBrowser.Answered) outcome).answer();
        Integer port = answer.tcpPort();
        if (port == null || port < 1 || port > 65535) {
            throw failWith("browser", ConnectFailure.OTHER, "the SQL Server Browser knows instance " + instance
                    + " (version " + answer.version() + ") but names no TCP port: TCP/IP is disabled for it",
                    "enable TCP/IP for the instance in SQL Server Configuration Manager and restart it");
        }
        target = new JdbcTarget(target.vendor(), target.host(), port, target.database());
        ok("browser", "instance " + instance + " listens on TCP port " + port + " (SQL Server Browser at " + where
                + ", version " + answer.version() + ")");
    }

    private InetAddress[] resolve() throws StepFailure {
        if (!target.networked()) {
            steps.add(new Step("resolve", Step.Status.SKIPPED, 0, "no host to resolve in this URL"));
            return null;
        }
        begin();
        try {
            InetAddress[] all = Bounded.call("resolve", options.timeout(), () -> InetAddress.getAllByName(target.host()));
            ok("resolve", target.host() + " -> " + Arrays.stream(all).map(InetAddress::getHostAddress)
                    .collect(Collectors.joining(", ")));
            return all;
        } catch (Exception e) {
            throw fail("resolve", e, "cannot resolve " + target.host());
        }
    }

    private void tcp(InetAddress[] addresses) throws StepFailure {
        if (addresses == null) {
            steps.add(new Step("tcp", Step.Status.SKIPPED, 0, "no host and port to connect to in this URL"));
            return;
        }
        begin();
        Exception last = null;
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, target.port()), timeoutMillis());
                ok("tcp", "connected to " + address.getHostAddress() + ":" + target.port());
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw fail("tcp", last, "cannot open a TCP connection to " + target.host() + ":" + target.port()
                + (sqlServer != null && sqlServer.needsBrowser() ? " (the port the SQL Server Browser named for instance "
                + sqlServer.instance() + ")" : ""));
    }

    private Connection connect() throws StepFailure {
        begin();
        Driver driver;
        try {
            driver = DriverManager.getDriver(driverUrl());
        } catch (SQLException e) {
            throw failWith("connect", ConnectFailure.OTHER, "no JDBC driver on the class path accepts "
                    + Redaction.url(options.url()) + ": check the URL's prefix (the CLI ships PostgreSQL, MariaDB,"
                    + " SQL Server and H2)");
        }
        Properties props = driverProperties();
        try {
            Connection c = Bounded.call("connect", options.timeout().plusSeconds(1), () -> driver.connect(driverUrl(), props));
            if (c == null) {
                throw failWith("connect", ConnectFailure.OTHER, "the driver does not accept this URL");
            }
            ok("connect", "logged in" + (options.user() != null ? " as " + options.user() : "") + " with "
                    + driver.getClass().getName() + " " + driver.getMajorVersion() + "." + driver.getMinorVersion());
            return c;
        } catch (StepFailure f) {
            throw f;
        } catch (Exception e) {
            StepFailure f = fail("connect", e, "cannot log in");
            if (sqlServer != null && f.failure.failureClass() == ConnectFailure.TLS) {
                throw new StepFailure(new DoctorReport.Failure("connect", ConnectFailure.TLS, f.failure.message(),
                        sqlServerTlsHint()));
            }
            throw f;
        }
    }

    /** The URL the driver gets: for a SQL Server named instance, the port the Browser named instead. */
    private String driverUrl() {
        return sqlServer != null && sqlServer.instance() != null ? sqlServer.driverUrl(target.port()) : options.url();
    }

    /** mssql-jdbc encrypts by default (since 10.2), so a TLS failure is often a setting, not the network. */
    private String sqlServerTlsHint() {
        return "the driver encrypts by default; now " + sqlServer.tlsSettings() + ": trust the server's certificate"
                + " (trustStore=..., or trustServerCertificate=true for testing only), set hostNameInCertificate to"
                + " the name in the certificate when it differs from " + sqlServer.host()
                + ", or encrypt=false if the server has no TLS";
    }

    /** Credentials and the vendor's connect/login/read timeouts, so the driver itself gives up in time. */
    private Properties driverProperties() {
        Properties props = new Properties();
        if (options.user() != null) {
            props.setProperty("user", options.user());
        }
        if (options.password() != null) {
            props.setProperty("password", options.password());
        }
        long seconds = Math.max(1, options.timeout().toSeconds());
        if (JdbcTarget.POSTGRESQL.equals(target.vendor())) {
            props.setProperty("connectTimeout", String.valueOf(seconds));
            props.setProperty("loginTimeout", String.valueOf(seconds));
            props.setProperty("socketTimeout", String.valueOf(seconds));
            props.setProperty("ApplicationName", "tidepool-doctor");
        } else if (target.mariadbFamily()) {
            props.setProperty("connectTimeout", String.valueOf(timeoutMillis()));
            props.setProperty("socketTimeout", String.valueOf(timeoutMillis()));
        } else if (sqlServer != null) {
            // loginTimeout alone does not bound the pre-login read of a silent server: socketTimeout does
            props.setProperty("loginTimeout", String.valueOf(seconds));
            props.setProperty("socketTimeout", String.valueOf(timeoutMillis()));
            props.setProperty("applicationName", "tidepool-doctor");
        }
        return props;
    }

    private void validate(Connection connection) throws StepFailure {
        begin();
        boolean sql = JdbcTarget.POSTGRESQL.equals(target.vendor()) || target.mariadbFamily()
                || JdbcTarget.H2.equals(target.vendor()) || sqlServer != null;
        try {
            if (sql) {
                try (Statement s = connection.createStatement()) {
                    s.setQueryTimeout((int) Math.max(1, options.timeout().toSeconds()));
                    try (ResultSet rs = s.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                }
                ok("validate", "SELECT 1 answered");
            } else if (connection.isValid((int) Math.max(1, options.timeout().toSeconds()))) {
                ok("validate", "Connection.isValid() answered true");
            } else {
                throw failWith("validate", ConnectFailure.OTHER, "Connection.isValid() answered false");
            }
        } catch (SQLException e) {
            throw fail("validate", e, "the validation query failed");
        }
    }

    /** PostgreSQL only: whether a pooler such as PgBouncer sits in front, and what its console says. */
    private BouncerFacts pooler(Connection connection) {
        if (!JdbcTarget.POSTGRESQL.equals(target.vendor()) || !target.networked()) {
            return null;
        }
        begin();
        try {
            BouncerFacts b = BouncerSurvey.probe(connection, target, options.user(), options.adminUser(),
                    options.adminPassword(), options.timeout());
            if (b == null) {
                ok("pooler", "none: the backend key is the server's pg_backend_pid()");
            } else {
                ok("pooler", "PgBouncer or another pooler: backend key " + b.backendKey() + " is not the server's "
                        + "pg_backend_pid() " + b.serverPid() + (b.console() ? "; admin console read as " + b.consoleUser()
                        : "; admin console not available to " + b.consoleUser()));
            }
            return b;
        } catch (SQLException | RuntimeException e) {
            steps.add(new Step("pooler", Step.Status.SKIPPED, System.nanoTime() - stepStart,
                    "cannot tell whether a pooler sits in front: " + e.getMessage()));
            return null;
        }
    }

    private PoolSizeAdvice advice(ServerFacts facts, BouncerFacts bouncer) {
        boolean assumed = options.dbCores() == null;
        int cores = assumed ? Runtime.getRuntime().availableProcessors() : options.dbCores();
        if (bouncer != null) {
            return BouncerSizeAdvice.of(bouncer, cores, assumed, options.instances());
        }
        return PoolSizeAdvice.of(facts, cores, assumed, options.instances());
    }

    private DoctorReport report(DoctorReport.Failure failure, ServerFacts facts, PoolSizeAdvice advice) {
        return new DoctorReport(Redaction.url(options.url()), options.user(), target, List.copyOf(steps), failure,
                facts, advice, null, null);
    }

    // ---- step bookkeeping ----------------------------------------------------------------------

    private void begin() {
        stepStart = System.nanoTime();
    }

    private void ok(String step, String detail) {
        steps.add(new Step(step, Step.Status.OK, System.nanoTime() - stepStart, detail));
    }

    private StepFailure fail(String step, Exception e, String what) {
        ConnectFailure failure = ConnectFailureClassifier.classify(e);
        String detail = ConnectFailureClassifier.detail(e, options.password());
        return failWith(step, failure, what + ": " + detail);
    }

    private StepFailure failWith(String step, ConnectFailure failure, String message) {
        return failWith(step, failure, message, failure.hint());
    }

    private StepFailure failWith(String step, ConnectFailure failure, String message, String hint) {
        steps.add(new Step(step, Step.Status.FAILED, System.nanoTime() - stepStart, message));
        return new StepFailure(new DoctorReport.Failure(step, failure, message, hint));
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, options.timeout().toMillis()));
    }

    /** Ends the walk at the failing step. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient DoctorReport.Failure failure;

        StepFailure(DoctorReport.Failure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }
}
