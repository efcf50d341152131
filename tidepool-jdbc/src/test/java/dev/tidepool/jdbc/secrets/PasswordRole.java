package dev.tidepool.jdbc.secrets;

import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL role that must authenticate with a password (scram-sha-256 line first in
 * pg_hba.conf), set up by .ci/prepare-databases.sh: the local server trusts everyone else.
 * Public for the other packages' tests that need a password-checked login (backoff).
 */
public final class PasswordRole {
    public static final String USER = TestDatabases.postgresPasswordRole().user();
    public static final String PASSWORD = TestDatabases.postgresPasswordRole().password();

    private PasswordRole() {
    }

    /** PostgreSQL, with the role checked: skipped (failed with CI=true) when it is missing or not password-checked. */
    public static DbTarget postgres() {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        String problem = null;
        try (Connection right = java.sql.DriverManager.getConnection(pg.url(), USER, PASSWORD)) {
            right.isValid(1);
        } catch (SQLException e) {
            problem = "the role " + USER + " cannot log in with its password (" + e.getMessage()
                    + "): run .ci/prepare-databases.sh as root";
        }
        if (problem == null) {
            try (Connection wrong = java.sql.DriverManager.getConnection(pg.url(), USER, "not-" + PASSWORD)) {
                problem = "the role " + USER + " gets in with a wrong password: pg_hba.conf lacks its scram-sha-256 "
                        + "line; run .ci/prepare-databases.sh as root";
            } catch (SQLException expected) {
                // the server checks the password
            }
        }
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(problem);
            }
            Assumptions.abort(problem);
        }
        return pg;
    }
}
