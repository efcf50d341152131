package dev.tidepool.jdbc.it;

import java.sql.SQLException;

/** The databases every scenario runs on; a parameter of the scenario tests. */
enum Backend {

    H2_IN_MEMORY("H2 in-memory") {
        @Override
        ItDatabase open() throws SQLException {
            return H2Database.inMemory();
        }
    },
    H2_OVER_TCP("H2 over TCP") {
        @Override
        ItDatabase open() throws SQLException {
            return H2Database.overTcp();
        }
    },
    POSTGRESQL("PostgreSQL") {
        @Override
        ItDatabase open() throws SQLException {
            return PostgresDatabase.connect();
        }
    },
    MARIADB("MariaDB") {
        @Override
        ItDatabase open() throws SQLException {
            return MariaDbDatabase.connect();
        }
    };

    private final String displayName;

    Backend(String displayName) {
        this.displayName = displayName;
    }

    /**
     * Connects to the database, creating a private one for H2. A missing PostgreSQL or MariaDB
     * skips the test locally and fails it with {@code CI=true}.
     */
    abstract ItDatabase open() throws SQLException;

    @Override
    public String toString() {
        return displayName;
    }
}
