package dev.tidepool.jdbc.internal;

import java.util.Properties;
import java.util.concurrent.Executor;
import java.sql.*;

/**
 * What a {@link ConnectionWrapper} delegates to once closed: every call fails with
 * {@code "<poolName> - connection is closed"} (SQLState 08003), except {@code close},
 * {@code abort} (no-ops), {@code isClosed} (true) and {@code isValid} (false). One per pool.
 *
 * <p>Written by tools/GenerateWrappers.java once; maintained by hand.
 */
final class ClosedConnection implements Connection {
    /** SQLState "connection does not exist". */
    static final String CONNECTION_DOES_NOT_EXIST = "08003";

    private final String message;

    ClosedConnection(String poolName) {
        this.message = poolName + " - connection is closed";
    }

    SQLException closed() {
        return new SQLException(message, CONNECTION_DOES_NOT_EXIST);
    }

    static SQLException closed(String poolName) {
        return new SQLException(poolName + " - connection is closed", CONNECTION_DOES_NOT_EXIST);
    }

    /** What a borrower hears once the pool closed its connection under it; the driver's error is the cause. */
    static SQLException closedByPool(String poolName, SQLException driverError) {
        return new SQLException(poolName + " - connection is closed because the pool was closed",
                CONNECTION_DOES_NOT_EXIST, driverError);
    }

    private SQLClientInfoException closedClientInfo() {
        return new SQLClientInfoException(message, CONNECTION_DOES_NOT_EXIST, 0, null);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw closed();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        throw closed();
    }

    @Override
    public String toString() {
        return message;
    }

    @Override
    public Statement createStatement() throws SQLException {
        throw closed();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        throw closed();
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw closed();
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        throw closed();
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        throw closed();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        throw closed();
    }

    @Override
    public void commit() throws SQLException {
        throw closed();
    }

    @Override
    public void rollback() throws SQLException {
        throw closed();
    }

    @Override
    public void close() throws SQLException {
        // closing a closed connection is a no-op
    }

    @Override
    public boolean isClosed() throws SQLException {
        return true;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        throw closed();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        throw closed();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        throw closed();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        throw closed();
    }

    @Override
    public String getCatalog() throws SQLException {
        throw closed();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        throw closed();
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        throw closed();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        throw closed();
    }

    @Override
    public void clearWarnings() throws SQLException {
        throw closed();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        throw closed();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw closed();
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw closed();
    }

    @Override
    public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
        throw closed();
    }

    @Override
    public void setTypeMap(java.util.Map<String, Class<?>> map) throws SQLException {
        throw closed();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        throw closed();
    }

    @Override
    public int getHoldability() throws SQLException {
        throw closed();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw closed();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw closed();
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw closed();
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw closed();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        throw closed();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        throw closed();
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        throw closed();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        throw closed();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw closed();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        throw closed();
    }

    @Override
    public Clob createClob() throws SQLException {
        throw closed();
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw closed();
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw closed();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw closed();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return false;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        throw closedClientInfo();
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        throw closedClientInfo();
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        throw closed();
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        throw closed();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw closed();
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw closed();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        throw closed();
    }

    @Override
    public String getSchema() throws SQLException {
        throw closed();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        // closing a closed connection is a no-op
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        throw closed();
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        throw closed();
    }

    @Override
    public void beginRequest() throws SQLException {
        throw closed();
    }

    @Override
    public void endRequest() throws SQLException {
        throw closed();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
        throw closed();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        throw closed();
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        throw closed();
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        throw closed();
    }
}
