package dev.tidepool.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over a {@link StubDatabase}, for code that takes a data source rather than a
 * URL. A pool can also create it from {@code dataSourceClassName}: the no-argument constructor and
 * the JavaBean property {@code url} ({@code driver.url} = {@link StubDatabase#url()}).
 */
public final class StubDataSource implements DataSource, WrapperDefaults {

    private volatile String url;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    /** For {@code dataSourceClassName}: name the database with {@link #setUrl}. */
    public StubDataSource() {
    }

    public StubDataSource(StubDatabase database) {
        this.url = database.url();
    }

    /** The stub database's URL, {@code jdbc:stub:<name>}. */
    public void setUrl(String url) {
        this.url = url;
    }

    /** The database this data source connects to, or null if no such database exists (now). */
    public StubDatabase database() {
        String u = url;
        return u == null || !u.startsWith(StubDriver.URL_PREFIX) ? null : StubDatabase.lookup(u.substring(StubDriver.URL_PREFIX.length()));
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
        return StubDriver.instance().connect(url, info);
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
        return "StubDataSource[" + url + "]";
    }
}
