package dev.tidepool.jdbc.internal;

import dev.tidepool.testkit.StubDriver;
import dev.tidepool.testkit.WrapperDefaults;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source a pool can create from {@code dataSourceClassName} (public, no-argument, a
 * {@code url} property) over the testkit's stub driver, which bounds a blocked connect by the
 * {@code loginTimeout} it is given and otherwise by the stub's own long limit.
 */
public final class UrlStubDataSource implements DataSource, WrapperDefaults {
    private volatile String url;
    private volatile int loginTimeoutSeconds;

    public void setUrl(String url) {
        this.url = url;
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
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }
}
