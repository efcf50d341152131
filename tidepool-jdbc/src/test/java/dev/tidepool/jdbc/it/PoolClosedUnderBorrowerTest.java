package dev.tidepool.jdbc.it;

import dev.tidepool.jdbc.TidepoolDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection still borrowed when the pool closed (its drainTimeout passed) fails on its next use
 * with the pool's words, not the driver's "object is already closed". Issue 15.
 */
class PoolClosedUnderBorrowerTest {

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aConnectionClosedUnderItsBorrowerSaysThePoolClosedIt(Backend backend) throws Exception {
        try (ItDatabase db = backend.open()) {
            TidepoolDataSource ds = new TidepoolDataSource(db.pool("closed-under").maxSize(1).minIdle(1)
                    .drainTimeout(Duration.ZERO).build());
            String expected = ds.poolName() + " - connection is closed because the pool was closed";
            Connection c = ds.getConnection();
            Statement kept = c.createStatement();
            PreparedStatement prepared = c.prepareStatement("select 1");
            c.setAutoCommit(false);
            ds.close();

            // Some drivers create a statement without the server; executing it needs the connection.
            SQLException onConnection = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("select 1");
                }
            });
            assertEquals(expected, onConnection.getMessage());
            assertEquals("08003", onConnection.getSQLState());
            assertNotNull(onConnection.getCause(), "the driver's own error is kept as the cause");

            SQLException onStatement = assertThrows(SQLException.class, () -> kept.executeQuery("select 1"));
            assertEquals(expected, onStatement.getMessage());
            SQLException onPrepared = assertThrows(SQLException.class, prepared::executeQuery);
            assertEquals(expected, onPrepared.getMessage());
            SQLException onCommit = assertThrows(SQLException.class, c::commit);
            assertEquals(expected, onCommit.getMessage());

            assertTrue(c.isClosed(), "isClosed() tells the truth once the pool closed it");
            assertDoesNotThrow(c::close, "the borrower's close() still works");
            SQLException afterClose = assertThrows(SQLException.class, c::createStatement);
            assertEquals(ds.poolName() + " - connection is closed", afterClose.getMessage());
        }
    }
}
