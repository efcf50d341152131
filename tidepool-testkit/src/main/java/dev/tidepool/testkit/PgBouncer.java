package dev.tidepool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A PgBouncer process of the test's own (Debian's {@code pgbouncer} package, installed by
 * {@code .ci/prepare-pgbouncer.sh}) on 127.0.0.1 in front of the local PostgreSQL, database
 * {@code tp_bouncer} as role {@code tp_bouncer} (trust), with the admin console user
 * {@code tp_bouncer_admin}:
 *
 * <pre>{@code
 * try (PgBouncer bouncer = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT))) {
 *     ... bouncer.jdbcUrl() ... bouncer.admin("RECONNECT tp_bouncer") ... bouncer.show("POOLS") ...
 * }
 * }</pre>
 *
 * <p>Its config, auth, pid and log files live in {@code /tmp/tidepool-pgbouncer-<port>}; a process
 * left there by an earlier run that died is stopped first. As root it runs as {@code postgres}
 * (PgBouncer refuses to run as root). When pgbouncer or the database is missing the calling test
 * is skipped with a notice, or fails when {@code CI=true}. Every wait is bounded.
 */
public final class PgBouncer implements AutoCloseable {
    public static final int TRANSACTION_PORT = 6442;
    public static final int SESSION_PORT = 6443;
    public static final String DATABASE = "tp_bouncer";
    public static final String USER = "tp_bouncer";
    public static final String ADMIN_USER = "tp_bouncer_admin";
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/";

    /** How an instance is configured: its pool mode, port and limits. */
    public record Config(String poolMode, int port, int defaultPoolSize, int maxClientConn, int maxDbConnections,
                         String authType, String password) {
        /** With {@code default_pool_size}. */
        public Config poolSize(int size) {
            return new Config(poolMode, port, size, maxClientConn, maxDbConnections, authType, password);
        }

        /** With {@code max_client_conn}. */
        public Config maxClientConn(int max) {
            return new Config(poolMode, port, defaultPoolSize, max, maxDbConnections, authType, password);
        }

        /** With {@code max_db_connections} (0 = unlimited). */
        public Config maxDbConnections(int max) {
            return new Config(poolMode, port, defaultPoolSize, maxClientConn, max, authType, password);
        }

        /** With {@code auth_type = scram-sha-256}: both users must log in with {@code password}. */
        public Config scram(String password) {
            return new Config(poolMode, port, defaultPoolSize, maxClientConn, maxDbConnections, "scram-sha-256", password);
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "Config[" + poolMode + " mode, port " + port + ", default_pool_size " + defaultPoolSize
                    + ", max_client_conn " + maxClientConn + ", max_db_connections " + maxDbConnections
                    + ", auth_type " + authType + "]";
        }
    }

    private final Config config;
    private final Path dir;
    private final Path ini;
    private volatile Long pid;

    private PgBouncer(Config config, Path dir) {
        this.config = config;
        this.dir = dir;
        this.ini = dir.resolve("pgbouncer.ini");
    }

    /** {@code default_pool_size} 10, {@code max_client_conn} 500, no database limit. */
    public static Config config(String poolMode, int port) {
        return new Config(poolMode, port, 10, 500, 0, "trust", "");
    }

    /** Starts an instance, or skips (fails under {@code CI=true}) the calling test when that is not possible. */
    public static PgBouncer start(Config config) {
        Optional<String> problem = prerequisites();
        if (problem.isPresent()) {
            String message = problem.get();
            System.err.println("[tidepool-testkit] NOTICE: " + message);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " (CI=true: a missing prerequisite fails the build; run .ci/prepare-pgbouncer.sh)");
            }
            Assumptions.abort(message + "; test skipped (run .ci/prepare-pgbouncer.sh as root; CI=true makes this a failure)");
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tidepool-pgbouncer-" + config.port());
        PgBouncer bouncer = new PgBouncer(config, dir);
        bouncer.stopStale();
        bouncer.writeFiles();
        bouncer.launch();
        return bouncer;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/tp_bouncer}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + config.port() + "/" + DATABASE;
    }

    public Config config() {
        return config;
    }

    public int port() {
        return config.port();
    }

    /** A new connection through the bouncer as {@link #USER}, with plain pgjdbc defaults. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl() + "?connectTimeout=5&socketTimeout=30", USER, config.password());
    }

    /**
     * Runs an admin console command such as {@code RECONNECT tp_bouncer}, {@code KILL tp_bouncer},
     * {@code RESUME tp_bouncer}. Through {@code psql}: pgjdbc cannot log in to the console of
     * PgBouncer 1.18, whose server_version ("1.18.0/bouncer") makes it send
     * {@code SET extra_float_digits}, which the console rejects ("SET failed").
     */
    public void admin(String command) {
        console(command);
    }

    /** The rows of an admin console {@code SHOW <what>} (POOLS, CONFIG, DATABASES, ...), each as column -> value. */
    public List<Map<String, String>> show(String what) {
        String[] lines = console("SHOW " + what).split("\n");
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.length == 0 || lines[0].isEmpty()) {
            return rows;
        }
        String[] columns = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            String[] values = lines[i].split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.length; c++) {
                row.put(columns[c], c < values.length ? values[c] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private String console(String command) {
        return Processes.run(List.of("psql", "-X", "-A", "-F", "\t", "-P", "footer=off", "-h", "127.0.0.1",
                "-p", String.valueOf(config.port()), "-U", ADMIN_USER, "-d", "pgbouncer", "-c", command), config.password());
    }

    /**
     * Server sessions of {@link #USER} in {@link #DATABASE}, counted in {@code pg_stat_activity} on
     * the server itself: what the bouncer holds open (nothing else uses that database).
     */
    public static int serverSessions(Connection direct) throws SQLException {
        try (Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where datname = '" + DATABASE
                     + "' and usename = '" + USER + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A direct connection to the server (as {@code postgres}, database {@code test}), for sampling and killing sessions. */
    public static Connection connectServer() throws SQLException {
        return DriverManager.getConnection(SERVER_URL + "test?connectTimeout=5&socketTimeout=30", "postgres", "");
    }

    /** Stops the process (SIGTERM, then SIGKILL after 5 s) and waits until the port is closed. */
    public void stop() {
        Long p = pid;
        pid = null;
        if (p == null) {
            return;
        }
        ProcessHandle.of(p).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by waitPort below
                }
            }
        });
        waitPort(false);
    }

    /** Stops and starts it again on the same port: every client and server connection is cut. */
    public void restart() {
        stop();
        launch();
    }

    /** Whether the process is running. */
    public boolean running() {
        Long p = pid;
        return p != null && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The bouncer's log so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("pgbouncer.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "PgBouncer{" + config + ", pid " + pid + "}";
    }

    // ---------------------------------------------------------------- starting

    private static Optional<String> prerequisites() {
        if (binary() == null) {
            return Optional.of("pgbouncer is not installed (no /usr/sbin/pgbouncer and none on the PATH)");
        }
        if (Processes.onPath("psql") == null) {
            return Optional.of("psql is not installed (the PgBouncer admin console is driven through it)");
        }
        try (Connection c = connectServer()) {
            ensureDatabase(c);
        } catch (SQLException e) {
            return Optional.of("PostgreSQL at 127.0.0.1:5432 cannot be used for the PgBouncer tests (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** Creates role and database tp_bouncer when missing (what .ci/prepare-pgbouncer.sh does). */
    private static synchronized void ensureDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + USER + "'")) {
                if (!rs.next()) {
                    s.execute("create role " + USER + " login");
                }
            }
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + DATABASE + " owner " + USER);
                }
            }
        }
    }

    private static String binary() {
        if (Files.isExecutable(Path.of("/usr/sbin/pgbouncer"))) {
            return "/usr/sbin/pgbouncer";
        }
        return Processes.onPath("pgbouncer");
    }


    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void stopStale() {
        Path pidFile = dir.resolve("pgbouncer.pid");
        try {
            if (Files.exists(pidFile)) {
                long stale = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(stale).filter(h -> h.info().command().orElse("").contains("pgbouncer"))
                        .ifPresent(h -> pid = h.pid());
                stop();
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException | NumberFormatException e) {
            // no stale process to stop
        }
    }

    private void writeFiles() {
        try {
            Files.createDirectories(dir);
            String pw = config.password().replace("\"", "\"\"");
            Files.writeString(dir.resolve("users.txt"), "\"" + USER + "\" \"" + pw + "\"\n\"" + ADMIN_USER + "\" \"" + pw + "\"\n");
            Files.writeString(ini, String.join("\n",
                    "[databases]",
                    DATABASE + " = host=127.0.0.1 port=5432 dbname=" + DATABASE,
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + config.port(),
                    "unix_socket_dir =",
                    "auth_type = " + config.authType(),
                    "auth_file = " + dir.resolve("users.txt"),
                    "admin_users = " + ADMIN_USER,
                    "pool_mode = " + config.poolMode(),
                    "default_pool_size = " + config.defaultPoolSize(),
                    "max_client_conn = " + config.maxClientConn(),
                    "max_db_connections = " + config.maxDbConnections(),
                    "ignore_startup_parameters = extra_float_digits",
                    "server_connect_timeout = 5",
                    "server_login_retry = 1",
                    "pidfile = " + dir.resolve("pgbouncer.pid"),
                    "logfile = " + dir.resolve("pgbouncer.log"),
                    "") + "\n");
            Files.deleteIfExists(dir.resolve("pgbouncer.log"));
            if (root()) {
                Processes.run(List.of("chown", "-R", "postgres", dir.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PgBouncer files in " + dir, e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(binary(), "-d", ini.toString()));
        Processes.run(command);
        Path pidFile = dir.resolve("pgbouncer.pid");
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (pid == null && System.nanoTime() < deadline) {
            try {
                if (Files.exists(pidFile)) {
                    pid = Long.parseLong(Files.readString(pidFile).strip());
                }
            } catch (IOException | NumberFormatException e) {
                // written in a moment
            }
            pause();
        }
        if (pid == null) {
            throw new IllegalStateException("pgbouncer did not write " + pidFile + " within " + START_WAIT + ": " + log());
        }
        ProcessHandle.of(pid).ifPresent(h -> Runtime.getRuntime().addShutdownHook(new Thread(h::destroy)));
        waitPort(true);
    }

    private void waitPort(boolean open) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (portOpen() == open) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("port " + config.port() + " did not " + (open ? "open" : "close")
                + " within " + START_WAIT + ": " + log());
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", config.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling a process and a port: there is nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pgbouncer", e);
        }
    }
}
