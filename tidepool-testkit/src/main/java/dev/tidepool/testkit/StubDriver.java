package dev.tidepool.testkit;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * JDBC driver for {@code jdbc:stub:<name>[?key=value&...]} URLs, answering from the
 * {@link StubDatabase} registered under {@code <name>}. It registers itself with
 * {@link DriverManager} when loaded, and is also listed in {@code META-INF/services/java.sql.Driver}.
 *
 * <p>URL parameters become connection properties ({@code user} names the user); a
 * {@code loginTimeout} property (seconds) bounds a blocked or slow connect, otherwise
 * {@link DriverManager#getLoginTimeout()} does.
 */
public final class StubDriver implements Driver {

    public static final String URL_PREFIX = "jdbc:stub:";

    private static final StubDriver INSTANCE = new StubDriver();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Public for {@link java.util.ServiceLoader}; use {@link #instance()}. */
    public StubDriver() {
    }

    /** The instance registered with {@link DriverManager}. */
    public static StubDriver instance() {
        return INSTANCE;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        int query = url.indexOf('?', URL_PREFIX.length());
        String name = url.substring(URL_PREFIX.length(), query < 0 ? url.length() : query);
        Properties props = new Properties();
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    props.setProperty(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        if (info != null) {
            props.putAll(info);
        }
        StubDatabase db = StubDatabase.lookup(name);
        if (db == null) {
            throw new SQLException("stub database \"" + name + "\" does not exist; create it with StubDatabase.create(\""
                    + name + "\") before connecting", "3D000");
        }
        String loginTimeout = props.getProperty("loginTimeout");
        int seconds = loginTimeout != null ? Integer.parseInt(loginTimeout.trim()) : DriverManager.getLoginTimeout();
        return db.connect(props, seconds);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.tidepool.testkit");
    }
}
