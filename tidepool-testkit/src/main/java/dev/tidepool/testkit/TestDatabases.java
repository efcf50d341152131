package dev.tidepool.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases tests run against: in-memory H2 always, PostgreSQL and MariaDB on 127.0.0.1.
 *
 * <pre>{@code
 * DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
 * try (Connection c = pg.connect()) { ... }
 * }</pre>
 *
 * <p>{@link #requireAvailable(DbTarget)} skips the calling test (with a notice on stderr, once per
 * server) when a server is down, and fails it when the environment has {@code CI=true}: CI must
 * not pass by skipping.
 */
public final class TestDatabases {

    private static final int CHECK_TIMEOUT_SECONDS = 3;
    /**
     * Result of each check, by URL and user (the password role can be missing while the server is
     * up): empty = available, else why not. Checked once per run.
     */
    private static final Map<String, Optional<String>> CHECKED = new ConcurrentHashMap<>();

    private TestDatabases() {
    }

    /** A private in-memory H2 database that lives until the JVM exits. */
    public static DbTarget h2Mem(String name) {
        return new DbTarget(DbTarget.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", null, 0);
    }

    /** PostgreSQL at 127.0.0.1:5432, database {@code test}, user {@code postgres} (trust auth). */
    public static DbTarget postgres() {
        return new DbTarget(DbTarget.POSTGRESQL, "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "",
                "127.0.0.1", 5432);
    }

    /**
     * PostgreSQL as {@code tidepool_pw}, a role that must authenticate with its password (a
     * {@code pg_hba.conf} line put first by {@code .ci/prepare-databases.sh}, which also creates it):
     * for tests of wrong passwords, which the trusted {@code postgres} user cannot give.
     */
    public static DbTarget postgresPasswordRole() {
        return new DbTarget(DbTarget.POSTGRESQL, "jdbc:postgresql://127.0.0.1:5432/test", "tidepool_pw",
                "tidepool_pw_secret", "127.0.0.1", 5432);
    }

    /** MariaDB at 127.0.0.1:3306, database {@code test}, user {@code root} with an empty password. */
    public static DbTarget mariadb() {
        return new DbTarget(DbTarget.MARIADB, "jdbc:mariadb://127.0.0.1:3306/test", "root", "", "127.0.0.1", 3306);
    }

    /**
     * Returns {@code target} if its server answers a TCP connect and a JDBC connect within ~3 s each.
     * Otherwise aborts the calling test (JUnit reports it skipped), or fails it with AssertionError
     * when {@code CI=true}.
     */
    public static DbTarget requireAvailable(DbTarget target) {
        if (!target.isNetworked()) {
            return target;
        }
        Optional<String> problem = CHECKED.computeIfAbsent(target.url() + " as " + target.user(), k -> check(target));
        if (problem.isEmpty()) {
            return target;
        }
        String message = problem.get();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: a missing database fails the build instead of skipping)");
        }
        Assumptions.abort(message + "; test skipped (set CI=true to make this a failure)");
        return target; // not reached
    }

    private static Optional<String> check(DbTarget target) {
        String problem = probe(target);
        if (problem != null) {
            System.err.println("[tidepool-testkit] NOTICE: " + problem + "; tests that need it are skipped"
                    + (System.getenv("CI") != null ? "" : " (CI=true would fail them)"));
        }
        return Optional.ofNullable(problem);
    }

    private static String probe(DbTarget target) {
        String what = target.vendor() + " at " + target.host() + ":" + target.port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.port()), CHECK_TIMEOUT_SECONDS * 1000);
        } catch (IOException e) {
            return what + " is not reachable over TCP (" + e.getMessage() + "); start the server or check the port";
        }
        try (Connection c = target.connect(target.urlWith(timeoutParameters(target.vendor())))) {
            if (!c.isValid(CHECK_TIMEOUT_SECONDS)) {
                return what + " accepted a JDBC connection that is not valid";
            }
        } catch (SQLException e) {
            return what + " refused a JDBC connection as " + target.user() + " (" + e.getMessage()
                    + ", SQLState " + e.getSQLState() + "); check the database and user exist";
        }
        return null;
    }

    private static String timeoutParameters(String vendor) {
        int s = CHECK_TIMEOUT_SECONDS;
        switch (vendor) {
            case DbTarget.POSTGRESQL:
                return "connectTimeout=" + s + "&loginTimeout=" + s + "&socketTimeout=" + s;
            case DbTarget.MARIADB:
                return "connectTimeout=" + s * 1000 + "&socketTimeout=" + s * 1000;
            default:
                return "";
        }
    }
}
