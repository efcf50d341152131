package dev.tidepool.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A {@link DataSource} over a {@link StubDatabase}, for code that takes a data source rather than a URL. */
public final class StubDataSource implements DataSource, WrapperDefaults {

    private final StubDatabase database;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    public StubDataSource(StubDatabase database) {
        this.database = database;
    }

    public StubDatabase database() {
        return database;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(null, null);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        if (password != null) {
            info.setProperty("password", password);
        }
        if (loginTimeoutSeconds > 0) {
            info.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        }
        return StubDriver.instance().connect(database.url(), info);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    /** Bounds blocked and slow connects, in seconds; 0 = {@link java.sql.DriverManager#getLoginTimeout()}. */
    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() {
        return StubDriver.instance().getParentLogger();
    }

    @Override
    public String toString() {
        return "StubDataSource[" + database.url() + "]";
    }
}
