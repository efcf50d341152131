package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.internal.DeadConnectionClassifier.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadConnectionClassifierTest {
    private final DeadConnectionClassifier postgres = new DeadConnectionClassifier(Vendor.POSTGRESQL, null);
    private final DeadConnectionClassifier mariadb = new DeadConnectionClassifier(Vendor.MARIADB, null);
    private final DeadConnectionClassifier other = new DeadConnectionClassifier(Vendor.OTHER, null);

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "08S01"})
    void connectionExceptionClassIsDeadForEveryVendor(String state) {
        for (Vendor v : Vendor.values()) {
            assertTrue(new DeadConnectionClassifier(v, null).isDead(new SQLException("x", state)), v + " " + state);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"57P01", "57P02", "57P03"})
    void postgresShutdownStatesAreDead(String state) {
        assertTrue(postgres.isDead(new SQLException("terminating connection due to administrator command", state)));
        assertFalse(other.isDead(new SQLException("x", state)), "vendor states count only for their vendor");
    }

    @ParameterizedTest
    @ValueSource(ints = {1053, 1927, 2006, 2013, 4031})
    void mariadbServerGoneCodesAreDead(int code) {
        assertTrue(mariadb.isDead(new SQLException("server gone", "HY000", code)));
        assertFalse(postgres.isDead(new SQLException("x", "HY000", code)), "codes count only for their vendor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42601", "23505", "40001", "40P01", "57014", "22012"})
    void ordinaryErrorsAreNotDead(String state) {
        assertFalse(postgres.isDead(new SQLException("ordinary", state)));
        assertFalse(mariadb.isDead(new SQLException("ordinary", state, 1205)), "lock wait timeout");
        assertFalse(postgres.isDead(new SQLTransactionRollbackException("deadlock", state)));
        assertFalse(postgres.isDead(new SQLTimeoutException("query timeout", state)));
    }

    @Test
    void connectionExceptionTypesAreDead() {
        assertTrue(other.isDead(new SQLRecoverableException("recoverable")));
        assertTrue(other.isDead(new SQLNonTransientConnectionException("gone")));
    }

    @Test
    void socketErrorsAnywhereInTheChainAreDead() {
        assertTrue(other.isDead(new SQLException("io", "HY000", new SocketException("Connection reset"))));
        assertTrue(other.isDead(new SQLException("io", null, new RuntimeException(new SocketTimeoutException("read")))));
        assertTrue(other.isDead(new SQLException("io", null, new EOFException())));
        SQLException batch = new BatchUpdateException("batch failed", "HY000", new int[0]);
        batch.setNextException(new SQLException("I/O error", "08006"));
        assertTrue(other.isDead(batch), "the next-exception chain counts too");
    }

    @Test
    void theOverrideDecidesFirst() {
        DeadConnectionClassifier custom = new DeadConnectionClassifier(Vendor.OTHER,
                e -> "99999".equals(e.getSQLState()) ? Boolean.TRUE : "08006".equals(e.getSQLState()) ? Boolean.FALSE : null);
        assertTrue(custom.isDead(new SQLException("vendor says gone", "99999")));
        assertFalse(custom.isDead(new SQLException("not for this driver", "08006")));
        assertTrue(custom.isDead(new SQLException("table", "08001")));
    }

    @Test
    void theVendorComesFromTheUrl() {
        assertEquals(Vendor.POSTGRESQL, Vendor.ofUrl("jdbc:postgresql://h/db"));
        assertEquals(Vendor.MARIADB, Vendor.ofUrl("jdbc:mariadb://h/db"));
        assertEquals(Vendor.MARIADB, Vendor.ofUrl("jdbc:mysql://h/db"));
        assertEquals(Vendor.H2, Vendor.ofUrl("jdbc:h2:mem:x"));
        assertEquals(Vendor.OTHER, Vendor.ofUrl("jdbc:stub:x"));
    }

    @Test
    void aCyclicCauseChainEnds() {
        SQLException a = new SQLException("a", "42000");
        SQLException b = new SQLException("b", "42000", a);
        a.initCause(b);
        assertFalse(other.isDead(a));
    }
}
