package dev.tidepool.testkit;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a {@link StubConnection}: its SQL decides query versus update as for
 * {@link StubStatement}; the common parameter setters are accepted and ignored.
 */
public sealed class StubPreparedStatement extends StubStatement implements PreparedStatementDefaults
        permits StubCallableStatement {

    private final String sql;

    StubPreparedStatement(StubConnection connection, String sql, int type, int concurrency, int holdability) {
        super(connection, type, concurrency, holdability);
        this.sql = sql;
    }

    /** The SQL this statement was prepared with. */
    public String sql() {
        return sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        beforeExecute();
        return newResultSet(1);
    }

    @Override
    public int executeUpdate() throws SQLException {
        beforeExecute();
        setUpdateCount(1);
        return 1;
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return executeUpdate();
    }

    @Override
    public boolean execute() throws SQLException {
        if (isQuery(sql)) {
            executeQuery();
            return true;
        }
        executeUpdate();
        return false;
    }

    @Override
    public void addBatch() throws SQLException {
        addBatch(sql);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null; // allowed by JDBC when the driver cannot describe the result before executing
    }

    // ---- parameters: accepted and ignored ------------------------------------------------------

    private void parameter(int index) throws SQLException {
        checkOpen();
        if (index < 1) {
            throw new SQLException("parameter index must be >= 1: " + index, "07009");
        }
    }

    @Override public void setNull(int i, int sqlType) throws SQLException { parameter(i); }
    @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { parameter(i); }
    @Override public void setBoolean(int i, boolean x) throws SQLException { parameter(i); }
    @Override public void setByte(int i, byte x) throws SQLException { parameter(i); }
    @Override public void setShort(int i, short x) throws SQLException { parameter(i); }
    @Override public void setInt(int i, int x) throws SQLException { parameter(i); }
    @Override public void setLong(int i, long x) throws SQLException { parameter(i); }
    @Override public void setFloat(int i, float x) throws SQLException { parameter(i); }
    @Override public void setDouble(int i, double x) throws SQLException { parameter(i); }
    @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { parameter(i); }
    @Override public void setString(int i, String x) throws SQLException { parameter(i); }
    @Override public void setNString(int i, String x) throws SQLException { parameter(i); }
    @Override public void setBytes(int i, byte[] x) throws SQLException { parameter(i); }
    @Override public void setDate(int i, Date x) throws SQLException { parameter(i); }
    @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { parameter(i); }
    @Override public void setTime(int i, Time x) throws SQLException { parameter(i); }
    @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { parameter(i); }
    @Override public void setTimestamp(int i, Timestamp x) throws SQLException { parameter(i); }
    @Override public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { parameter(i); }
    @Override public void setObject(int i, Object x) throws SQLException { parameter(i); }
    @Override public void setObject(int i, Object x, int sqlType) throws SQLException { parameter(i); }
    @Override public void setObject(int i, Object x, int sqlType, int scale) throws SQLException { parameter(i); }
}
