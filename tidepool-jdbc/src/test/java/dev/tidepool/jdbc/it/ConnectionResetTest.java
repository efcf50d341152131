package dev.tidepool.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection comes back exactly as the next borrower expects it (DESIGN.md goal 1): one
 * borrower changes every attribute the pool promises to restore, and the next borrower of the same
 * physical connection (maxSize 1) sees the defaults again, through JDBC and on the server.
 */
class ConnectionResetTest {

    /** Any value no driver uses by default, so a missing reset shows. */
    private static final int CHANGED_NETWORK_TIMEOUT_MS = 54_321;

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void nextBorrowerSeesTheDriversDefaultsAfterAnotherChangedEveryAttribute(Backend backend) throws Exception {
        try (ItDatabase db = backend.open();
             TidepoolDataSource ds = new TidepoolDataSource(db.pool("reset").maxSize(1).minIdle(1).build())) {
            changeEverythingThenExpectTheFirstBorrowersView(db, ds);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void nextBorrowerSeesTheConfiguredDefaultsAfterAnotherChangedEveryAttribute(Backend backend) throws Exception {
        try (ItDatabase db = backend.open()) {
            String catalog = db.otherCatalog();
            String schema = db.otherSchema();
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool("reset-configured").maxSize(1).minIdle(1)
                    .autoCommit(true).readOnly(false).transactionIsolation(Connection.TRANSACTION_SERIALIZABLE)
                    .catalog(catalog).schema(schema).build())) {
                Snapshot first = changeEverythingThenExpectTheFirstBorrowersView(db, ds);

                assertEquals(Connection.TRANSACTION_SERIALIZABLE, first.jdbc.get("transactionIsolation"),
                        "configured isolation, through JDBC");
                assertTrue(first.server.values().stream().anyMatch(v -> v.equalsIgnoreCase("serializable")),
                        "configured isolation, on the server: " + first.server);
                if (catalog != null) {
                    assertEquals(catalog, first.jdbc.get("catalog"), "configured catalog, through JDBC");
                    assertTrue(first.server.containsValue(catalog), "configured catalog, on the server: " + first.server);
                }
                if (schema != null) {
                    assertEquals(schema, first.jdbc.get("schema"), "configured schema, through JDBC");
                    assertTrue(first.server.containsValue(schema), "configured schema, on the server: " + first.server);
                }
            }
        }
    }

    /** Returns what the first borrower saw, which the third borrower must see again. */
    private static Snapshot changeEverythingThenExpectTheFirstBorrowersView(ItDatabase db, TidepoolDataSource ds)
            throws Exception {
        Snapshot first;
        long session;
        try (Connection c = ds.getConnection()) {
            session = db.sessionId(c);
            first = Snapshot.of(db, c);
        }
        try (Connection c = ds.getConnection()) {
            assertEquals(session, db.sessionId(c), "maxSize 1 lends the same physical connection");
            changeEverything(db, c, first);
            Snapshot changed = Snapshot.of(db, c);
            // Guards the test itself: the changes took, through JDBC and on the server.
            assertNotEquals(first.jdbc, changed.jdbc, "the borrower's changes, through JDBC");
            assertNotEquals(first.server, changed.server, "the borrower's changes, on the server");
        }
        try (Connection c = ds.getConnection()) {
            assertEquals(session, db.sessionId(c),
                    "the same physical connection is lent again (reset, not replaced)");
            Snapshot next = Snapshot.of(db, c);
            assertEquals(first.jdbc, next.jdbc, "attributes through JDBC of the next borrower");
            assertEquals(first.server, next.server, "session attributes on the server for the next borrower");
        }
        return first;
    }

    private static void changeEverything(ItDatabase db, Connection c, Snapshot first) throws SQLException {
        c.setAutoCommit(!c.getAutoCommit());
        c.setTransactionIsolation(c.getTransactionIsolation() == Connection.TRANSACTION_SERIALIZABLE
                ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_SERIALIZABLE);
        c.setReadOnly(!c.isReadOnly());
        String catalog = db.otherCatalog();
        if (catalog != null) {
            c.setCatalog(catalog.equals(first.jdbc.get("catalog")) ? db.defaultCatalog() : catalog);
        }
        String schema = db.otherSchema();
        if (schema != null) {
            c.setSchema(schema.equals(first.jdbc.get("schema")) ? db.defaultSchema() : schema);
        }
        try {
            c.setNetworkTimeout(Runnable::run, CHANGED_NETWORK_TIMEOUT_MS);
        } catch (SQLFeatureNotSupportedException driverHasNone) {
            // then there is nothing to restore either
        }
        try {
            c.setHoldability(c.getHoldability() == ResultSet.HOLD_CURSORS_OVER_COMMIT
                    ? ResultSet.CLOSE_CURSORS_AT_COMMIT : ResultSet.HOLD_CURSORS_OVER_COMMIT);
        } catch (SQLFeatureNotSupportedException driverHasOne) {
            // then there is nothing to restore either
        }
    }

    /** A connection's attributes: through JDBC, and as the server reports them. */
    private record Snapshot(Map<String, Object> jdbc, Map<String, String> server) {

        static Snapshot of(ItDatabase db, Connection c) throws SQLException {
            Map<String, Object> jdbc = new LinkedHashMap<>();
            jdbc.put("autoCommit", c.getAutoCommit());
            jdbc.put("transactionIsolation", c.getTransactionIsolation());
            jdbc.put("readOnly", c.isReadOnly());
            jdbc.put("catalog", c.getCatalog());
            jdbc.put("schema", c.getSchema());
            jdbc.put("networkTimeout", c.getNetworkTimeout());
            jdbc.put("holdability", c.getHoldability());
            return new Snapshot(jdbc, db.serverView(c));
        }
    }
}
