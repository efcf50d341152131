package dev.tidepool.jdbc.internal;

import java.sql.*;

/**
 * The {@link CallableStatement} a borrower gets: adds the {@code CallableStatement} methods (out
 * parameters, named parameters) to {@link PreparedStatementWrapper}; none of them executes SQL,
 * so all of them are the delegation generated at build time ({@code CallableStatementDelegation},
 * by tools/, between this class and its superclass).
 */
public final class CallableStatementWrapper extends CallableStatementDelegation {

    CallableStatementWrapper(ConnectionWrapper conn, CallableStatement delegate, String sql) {
        super(conn, delegate, sql);
    }

    @Override
    public String toString() {
        return "TidepoolCallableStatement{" + delegate + "}";
    }
}
