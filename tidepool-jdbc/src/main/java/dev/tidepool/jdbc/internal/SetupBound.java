package dev.tidepool.jdbc.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Bounds the opening of a connection: TCP connect, login and the first statements.
 *
 * <p>Drivers wait forever by default on a server that accepts TCP and then says nothing (a
 * blackhole, a hung server): pgjdbc and MariaDB Connector/J both do, measured with the testkit's
 * proxy. Such a creation would hold a pool thread, and a capacity slot, for good. So unless the
 * user chose the driver's own bound (in the URL or a {@code driver.<name>} property), the pool
 * sets one, {@code acquireTimeout} long:
 * <ul>
 *   <li>PostgreSQL: {@code connectTimeout} (TCP) and {@code socketTimeout} (each read during
 *       login); the socket timeout is cleared once the connection is set up, so it never bounds
 *       the borrower's queries. Not {@code loginTimeout}: pgjdbc enforces that by abandoning a
 *       thread of its own, which stays blocked on the silent socket.</li>
 *   <li>MariaDB/MySQL: {@code connectTimeout}, which Connector/J applies to TCP connect and to the
 *       handshake's reads.</li>
 *   <li>SQL Server: {@code loginTimeout} and a login-time {@code socketTimeout} (cleared like
 *       PostgreSQL's): mssql-jdbc's login timeout alone left the pre-login read unbounded.</li>
 * </ul>
 * The first statements after login ({@code connectionInitSql}, reading and applying the session
 * defaults) run under a network timeout of the same length ({@code ConnectionFactory.create}).
 */
final class SetupBound {
    private final int millis;
    private final boolean socketTimeoutSetForLogin;

    private SetupBound(int millis, boolean socketTimeoutSetForLogin) {
        this.millis = millis;
        this.socketTimeoutSetForLogin = socketTimeoutSetForLogin;
    }

    /** Adds the driver's bounds the user left unset to {@code props}, for {@code url}. */
    static SetupBound apply(String url, Properties props, Duration bound) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bound.toMillis()));
        String seconds = String.valueOf(seconds(bound));
        String lowerUrl = url.toLowerCase(Locale.ROOT);
        boolean socketTimeoutSet = false;
        if (lowerUrl.startsWith("jdbc:postgresql:")) {
            setUnlessChosen(lowerUrl, props, "connectTimeout", seconds);
            socketTimeoutSet = setUnlessChosen(lowerUrl, props, "socketTimeout", seconds);
        } else if (lowerUrl.startsWith("jdbc:mariadb:") || lowerUrl.startsWith("jdbc:mysql:")) {
            setUnlessChosen(lowerUrl, props, "connectTimeout", String.valueOf(millis));
        } else if (lowerUrl.startsWith("jdbc:sqlserver:")) {
            // mssql-jdbc 12.10's loginTimeout does not bound the pre-login read: against a server
            // that accepts and says nothing it blocked forever (issue 13). socketTimeout does.
            setUnlessChosen(lowerUrl, props, "loginTimeout", seconds);
            socketTimeoutSet = setUnlessChosen(lowerUrl, props, "socketTimeout", String.valueOf(millis));
        }
        return new SetupBound(millis, socketTimeoutSet);
    }

    /**
     * For a data source the URL rules above cannot reach (a {@code dataSourceClassName} other than
     * PostgreSQL's): the one bound every JDBC data source has, {@code loginTimeout}, {@code bound}
     * in whole seconds rounded up, unless {@code props} chose it or the data source has its own. A
     * data source that refuses it keeps its own bounds: the borrower is bounded by
     * {@code acquireTimeout} either way.
     */
    static void applyLoginTimeout(DataSource ds, Properties props, Duration bound) {
        if (chosen(props, "loginTimeout")) {
            return;
        }
        try {
            if (ds.getLoginTimeout() == 0) {
                ds.setLoginTimeout(seconds(bound));
            }
        } catch (SQLException | RuntimeException e) {
            // not supported by this data source: its own connect bounds apply
        }
    }

    /** {@code bound} in whole seconds, rounded up, at least 1: the unit of the drivers' login bounds. */
    private static int seconds(Duration bound) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bound.toMillis() + 999) / 1000));
    }

    /** Whether {@code props} names {@code key}, in any case. */
    private static boolean chosen(Properties props, String key) {
        for (String name : props.stringPropertyNames()) {
            if (name.equalsIgnoreCase(key)) {
                return true;
            }
        }
        return false;
    }

    /** Sets {@code key} unless the URL's parameters or the properties already name it; true if set. */
    private static boolean setUnlessChosen(String lowerUrl, Properties props, String key, String value) {
        String lowerKey = key.toLowerCase(Locale.ROOT);
        if (chosen(props, key)) {
            return false;
        }
        int query = lowerUrl.startsWith("jdbc:sqlserver:") ? lowerUrl.indexOf(';') : lowerUrl.indexOf('?');
        if (query >= 0) {
            for (String parameter : lowerUrl.substring(query + 1).split("[&;]")) {
                if (parameter.startsWith(lowerKey + "=")) {
                    return false;
                }
            }
        }
        props.setProperty(key, value);
        return true;
    }

    /** The bound in milliseconds, for the network timeout of the first statements. */
    int millis() {
        return millis;
    }

    /**
     * True when the socket timeout the connection has after login is the pool's login bound, not
     * the user's choice: the network timeout borrowers get is then 0 (none), as without the bound.
     */
    boolean socketTimeoutSetForLogin() {
        return socketTimeoutSetForLogin;
    }
}
