package dev.tidepool.testkit;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The result of a stub query: {@code rows} rows (one for a query, none for generated keys) of a
 * single column whose value is 1. Any column label names that column.
 */
public final class StubResultSet implements ResultSetDefaults {

    private final StubStatement statement;
    private final int rows;
    private int row;
    private int fetchSize;
    private volatile boolean closed;

    StubResultSet(StubStatement statement, int rows) {
        this.statement = statement;
        this.rows = rows;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row <= rows) {
            row++;
        }
        return row <= rows;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            statement.resultSetClosed(this);
        }
    }

    void closeQuietly() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    // ---- values: column 1 holds 1 --------------------------------------------------------------

    @Override public boolean wasNull() throws SQLException { checkOpen(); return false; }
    @Override public int findColumn(String label) throws SQLException { checkOpen(); return 1; }
    @Override public Object getObject(int column) throws SQLException { return value(column); }
    @Override public Object getObject(String label) throws SQLException { return value(1); }
    @Override public int getInt(int column) throws SQLException { return value(column); }
    @Override public int getInt(String label) throws SQLException { return value(1); }
    @Override public long getLong(int column) throws SQLException { return value(column); }
    @Override public long getLong(String label) throws SQLException { return value(1); }
    @Override public short getShort(int column) throws SQLException { return (short) value(column); }
    @Override public byte getByte(int column) throws SQLException { return (byte) value(column); }
    @Override public double getDouble(int column) throws SQLException { return value(column); }
    @Override public float getFloat(int column) throws SQLException { return value(column); }
    @Override public boolean getBoolean(int column) throws SQLException { return value(column) != 0; }
    @Override public boolean getBoolean(String label) throws SQLException { return value(1) != 0; }
    @Override public String getString(int column) throws SQLException { return Integer.toString(value(column)); }
    @Override public String getString(String label) throws SQLException { return Integer.toString(value(1)); }
    @Override public BigDecimal getBigDecimal(int column) throws SQLException { return BigDecimal.valueOf(value(column)); }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        int v = value(column);
        Object converted;
        if (type == Integer.class || type == Object.class || type == Number.class) {
            converted = v;
        } else if (type == Long.class) {
            converted = (long) v;
        } else if (type == String.class) {
            converted = Integer.toString(v);
        } else if (type == Boolean.class) {
            converted = v != 0;
        } else if (type == BigDecimal.class) {
            converted = BigDecimal.valueOf(v);
        } else {
            throw JdbcStubs.unsupported("ResultSet.getObject(int, " + type.getName() + ")");
        }
        return type.cast(converted);
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(1, type);
    }

    private int value(int column) throws SQLException {
        checkOpen();
        if (row < 1 || row > rows) {
            throw new SQLException("no current row: call next() and check it returned true", "24000");
        }
        if (column != 1) {
            throw new SQLException("column index out of range: " + column + " (the stub result has 1 column)", "22023");
        }
        return 1;
    }

    // ---- cursor state ----------------------------------------------------------------------

    @Override public int getRow() throws SQLException { checkOpen(); return row <= rows ? row : 0; }
    @Override public boolean isBeforeFirst() throws SQLException { checkOpen(); return row == 0 && rows > 0; }
    @Override public boolean isAfterLast() throws SQLException { checkOpen(); return row > rows && rows > 0; }
    @Override public boolean isFirst() throws SQLException { checkOpen(); return row == 1 && rows > 0; }
    @Override public boolean isLast() throws SQLException { checkOpen(); return row == rows && rows > 0; }
    @Override public int getType() throws SQLException { checkOpen(); return TYPE_FORWARD_ONLY; }
    @Override public int getConcurrency() throws SQLException { checkOpen(); return CONCUR_READ_ONLY; }
    @Override public int getHoldability() throws SQLException { checkOpen(); return HOLD_CURSORS_OVER_COMMIT; }
    @Override public int getFetchDirection() throws SQLException { checkOpen(); return FETCH_FORWARD; }
    @Override public int getFetchSize() throws SQLException { checkOpen(); return fetchSize; }
    @Override public void setFetchSize(int rows) throws SQLException { checkOpen(); fetchSize = rows; }
    @Override public SQLWarning getWarnings() throws SQLException { checkOpen(); return null; }
    @Override public void clearWarnings() throws SQLException { checkOpen(); }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw JdbcStubs.closed("result set");
        }
        statement.checkOpen();
    }

    @Override
    public String toString() {
        return "StubResultSet[rows=" + rows + ", row=" + row + (closed ? ", closed" : "") + "]";
    }

}
