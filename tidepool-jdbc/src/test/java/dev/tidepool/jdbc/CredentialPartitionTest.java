package dev.tidepool.jdbc;

import dev.tidepool.jdbc.internal.Credentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** getConnection(user, password) on H2 with real users: each user gets only connections logged in as itself. */
class CredentialPartitionTest {
    private static TidepoolDataSource ds;

    @BeforeAll
    static void start() throws SQLException {
        ds = new TidepoolDataSource(Pools.config(Pools.h2UrlForUsers("partitions")).username("sa").password("sa-secret")
                .maxSize(3).minIdle(1).build()); // the idle connection keeps the in-memory database alive
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER alice PASSWORD 'alice-secret'");
            s.execute("CREATE USER bob PASSWORD 'bob-secret'");
        }
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void eachUserGetsItsOwnConnections() throws SQLException {
        try (Connection alice = ds.getConnection("alice", "alice-secret")) {
            assertEquals("ALICE", currentUser(alice));
        }
        try (Connection bob = ds.getConnection("bob", "bob-secret")) {
            assertEquals("BOB", currentUser(bob), "alice's idle connection is not lent to bob");
        }
        try (Connection alice = ds.getConnection("alice", "alice-secret")) {
            assertEquals("ALICE", currentUser(alice));
        }
        try (Connection sa = ds.getConnection("sa", "sa-secret")) {
            assertEquals("SA", currentUser(sa), "the configured credentials use the main pool");
        }
        assertTrue(ds.holders().isEmpty());
    }

    @Test
    void aWrongPasswordFailsAndNeverGetsAnotherUsersConnection() throws SQLException {
        try (Connection alice = ds.getConnection("alice", "alice-secret")) {
            assertEquals("ALICE", currentUser(alice));
        }
        // alice's connection now sits idle in her partition
        SQLException e = assertThrows(SQLException.class, () -> ds.getConnection("alice", "not-her-password"));
        assertFalse(e.getMessage().contains("not-her-password"), e.getMessage());
        assertFalse(String.valueOf(e.getCause()).contains("not-her-password"));
        assertThrows(SQLException.class, () -> ds.getConnection("bob", "alice-secret"));
    }

    @Test
    void credentialsNeverShowThePassword() {
        Credentials c = new Credentials("alice", "alice-secret");
        assertFalse(c.toString().contains("alice-secret"), c.toString());
        assertTrue(c.toString().contains("alice"));
    }
}
