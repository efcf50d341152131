package dev.tidepool.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.Calendar;
import java.sql.*;

/**
 * The {@link PreparedStatement} a borrower gets, and the base of the callable wrapper: adds the
 * {@code PreparedStatement} methods to {@link StatementWrapper}. Each execute passes the SQL the
 * statement was prepared with through the connection's hook again (the prepare already did):
 * diagnosis shows the SQL that runs now, and with auto-commit off an execute opens a transaction.
 * Written by tools/GenerateWrappers.java once; maintained by hand.
 */
public class PreparedStatementWrapper<S extends PreparedStatement> extends StatementWrapper<S>
        implements PreparedStatement {
    /** The SQL this statement was prepared with, for the SQL hook on each execute. */
    private final String sql;

    PreparedStatementWrapper(ConnectionWrapper conn, S delegate, String sql) {
        super(conn, delegate);
        this.sql = sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return wrap(delegate.executeQuery());
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeUpdate();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        try { delegate.setNull(parameterIndex, sqlType); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        try { delegate.setBoolean(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        try { delegate.setByte(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        try { delegate.setShort(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        try { delegate.setInt(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        try { delegate.setLong(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        try { delegate.setFloat(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        try { delegate.setDouble(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        try { delegate.setBigDecimal(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        try { delegate.setString(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        try { delegate.setBytes(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
        try { delegate.setDate(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
        try { delegate.setTime(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
        try { delegate.setTimestamp(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        try { delegate.setAsciiStream(parameterIndex, x, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        try { delegate.setUnicodeStream(parameterIndex, x, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        try { delegate.setBinaryStream(parameterIndex, x, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void clearParameters() throws SQLException {
        try { delegate.clearParameters(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        try { delegate.setObject(parameterIndex, x, targetSqlType); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        try { delegate.setObject(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public boolean execute() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.execute();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public void addBatch() throws SQLException {
        try { delegate.addBatch(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader reader, int length) throws SQLException {
        try { delegate.setCharacterStream(parameterIndex, reader, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        try { delegate.setRef(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        try { delegate.setBlob(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        try { delegate.setClob(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        try { delegate.setArray(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        try { return delegate.getMetaData(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
        try { delegate.setDate(parameterIndex, x, cal); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
        try { delegate.setTime(parameterIndex, x, cal); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
        try { delegate.setTimestamp(parameterIndex, x, cal); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        try { delegate.setNull(parameterIndex, sqlType, typeName); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
        try { delegate.setURL(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        try { return delegate.getParameterMetaData(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        try { delegate.setRowId(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        try { delegate.setNString(parameterIndex, value); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        try { delegate.setNCharacterStream(parameterIndex, value, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        try { delegate.setNClob(parameterIndex, value); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        try { delegate.setClob(parameterIndex, reader, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        try { delegate.setBlob(parameterIndex, inputStream, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        try { delegate.setNClob(parameterIndex, reader, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        try { delegate.setSQLXML(parameterIndex, xmlObject); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        try { delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        try { delegate.setAsciiStream(parameterIndex, x, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        try { delegate.setBinaryStream(parameterIndex, x, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
        try { delegate.setCharacterStream(parameterIndex, reader, length); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        try { delegate.setAsciiStream(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        try { delegate.setBinaryStream(parameterIndex, x); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
        try { delegate.setCharacterStream(parameterIndex, reader); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        try { delegate.setNCharacterStream(parameterIndex, value); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        try { delegate.setClob(parameterIndex, reader); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        try { delegate.setBlob(parameterIndex, inputStream); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        try { delegate.setNClob(parameterIndex, reader); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        try { delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        try { delegate.setObject(parameterIndex, x, targetSqlType); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeLargeUpdate();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    /** Unlike a plain statement's batch, a prepared batch runs the prepared SQL: the hook sees it. */
    @Override
    public int[] executeBatch() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    /** As {@link #executeBatch()}. */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public String toString() {
        return "TidepoolPreparedStatement{" + delegate + "}";
    }
}
