package dev.tidepool.jdbc.connectfailure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/** Opens a connection that must fail, and checks how the failure is classified and worded. */
final class ConnectAttempt {

    private ConnectAttempt() {
    }

    /** Connects with DriverManager; the connect must fail. Returns what the driver threw. */
    static SQLException failure(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            throw new AssertionError("expected the connect to " + url + " as " + user + " to fail, but it worked");
        } catch (SQLException e) {
            return e;
        }
    }

    /**
     * Asserts the connect to {@code url} fails with class {@code expected}, that the one-line
     * description starts with the class and ends with its hint, and never shows the password.
     */
    static SQLException assertClassified(ConnectFailure expected, String url, String user, String password) {
        SQLException e = failure(url, user, password);
        ConnectFailure actual = ConnectFailureClassifier.classify(e);
        assertEquals(expected, actual, () -> "classified " + url + " as " + actual + ":\n" + stack(e));
        String line = ConnectFailureClassifier.describe(e, password);
        assertTrue(line.startsWith(expected.name() + ": "), line);
        assertTrue(line.endsWith(expected.hint()), line);
        if (password != null && !password.isEmpty()) {
            assertFalse(line.contains(password), line);
        }
        System.out.println("[connect-failure] " + url + " -> " + line);
        return e;
    }

    /** Runs SQL statements as an administrator of the target. */
    static void admin(String url, String user, String password, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * A fixture the CI machine sets up (.ci/prepare-databases.sh) is missing here: skip with a
     * notice locally, fail when {@code CI=true}.
     */
    static void requireFixture(boolean present, String notice) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(notice + " (CI=true: .ci/prepare-databases.sh must set it up)");
        }
        System.err.println("[connect-failure] NOTICE: " + notice + "; test skipped (run .ci/prepare-databases.sh)");
        Assumptions.abort(notice);
    }

    static String uniqueName(String prefix) {
        return prefix + Long.toHexString(System.nanoTime() & 0xffffffL);
    }

    private static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
