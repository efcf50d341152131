package dev.tidepool.jdbc.internal;

import java.sql.SQLException;

/** A statement wrapper the pool closes on return when the borrower left it open. */
interface TrackedStatement {

    /** Marks the wrapper closed and closes the driver's statement. */
    void closeByPool() throws SQLException;
}
