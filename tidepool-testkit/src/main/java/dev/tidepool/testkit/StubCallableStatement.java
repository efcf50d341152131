package dev.tidepool.testkit;

import java.sql.SQLException;

/** A callable statement of a {@link StubConnection}: OUT parameters may be registered and all read as 1. */
public final class StubCallableStatement extends StubPreparedStatement implements CallableStatementDefaults {

    StubCallableStatement(StubConnection connection, String sql, int type, int concurrency, int holdability) {
        super(connection, sql, type, concurrency, holdability);
    }

    @Override
    public void registerOutParameter(int index, int sqlType) throws SQLException {
        checkOpen();
    }

    @Override
    public void registerOutParameter(int index, int sqlType, int scale) throws SQLException {
        checkOpen();
    }

    @Override
    public void registerOutParameter(int index, int sqlType, String typeName) throws SQLException {
        checkOpen();
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public int getInt(int index) throws SQLException {
        checkOpen();
        return 1;
    }

    @Override
    public long getLong(int index) throws SQLException {
        checkOpen();
        return 1L;
    }

    @Override
    public String getString(int index) throws SQLException {
        checkOpen();
        return "1";
    }

    @Override
    public Object getObject(int index) throws SQLException {
        checkOpen();
        return 1;
    }
}
