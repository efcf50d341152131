package dev.tidepool.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Metadata of a {@link StubConnection}: product "Stub", the URL and user it connected with. */
public final class StubDatabaseMetaData implements DatabaseMetaDataDefaults {

    private final StubConnection connection;

    StubDatabaseMetaData(StubConnection connection) {
        this.connection = connection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        connection.checkOpen();
        return connection;
    }

    @Override public String getURL() { return connection.database().url(); }
    @Override public String getUserName() { return connection.user(); }
    @Override public String getDatabaseProductName() { return "Stub"; }
    @Override public String getDatabaseProductVersion() { return "1.0"; }
    @Override public int getDatabaseMajorVersion() { return 1; }
    @Override public int getDatabaseMinorVersion() { return 0; }
    @Override public String getDriverName() { return "Tidepool stub driver"; }
    @Override public String getDriverVersion() { return "1.0"; }
    @Override public int getDriverMajorVersion() { return 1; }
    @Override public int getDriverMinorVersion() { return 0; }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 3; }
    @Override public int getSQLStateType() { return sqlStateSQL; }
    @Override public boolean supportsTransactions() { return true; }
    @Override public boolean supportsTransactionIsolationLevel(int level) { return level != Connection.TRANSACTION_NONE; }
    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_READ_COMMITTED; }
    @Override public boolean supportsSavepoints() { return false; }
    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsGetGeneratedKeys() { return true; }
    @Override public boolean supportsResultSetHoldability(int holdability) { return true; }
    @Override public int getResultSetHoldability() { return ResultSet.HOLD_CURSORS_OVER_COMMIT; }
    @Override public boolean isReadOnly() throws SQLException { return connection.isReadOnly(); }
}
