package dev.tidepool.jdbc.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own full session reset, chosen once per pool from the driver:
 * <ul>
 * <li><b>PostgreSQL</b> (pgjdbc): {@code DISCARD ALL}. It also deallocates the server-side prepared
 *     statements; pgjdbc watches the command status of what it executes and, on {@code DISCARD ALL},
 *     invalidates its own cache of server-prepared statements (its "deallocate epoch"), so a prepared
 *     statement the next borrower sends is simply prepared again (tested in
 *     {@code dev.tidepool.jdbc.session}).</li>
 * <li><b>MariaDB</b> (mariadb-java-client 3.x, server 10.2.22+/10.3.13+):
 *     {@code org.mariadb.jdbc.Connection#reset()}, which sends COM_RESET_CONNECTION, restores the
 *     driver's own view of autoCommit, readOnly, isolation and database and clears its
 *     prepared-statement cache. The driver sends COM_RESET_CONNECTION only with its connection option
 *     {@code useResetConnection=true}, so the pool sets that option unless the configuration sets
 *     it; when it is set to false there is no full reset.</li>
 * <li><b>Anything else</b> (H2, unknown drivers): no reset exists, so a connection whose session
 *     needs one is closed instead of reused.</li>
 * </ul>
 * The reset runs after the pool rolled back and restored the JDBC attributes; afterwards
 * {@link PooledConnection} runs {@code connectionInitSql} again and re-applies the configured
 * session, because the server reset also resets what those set.
 */
abstract class SessionResetter {
    private static final String MARIADB_OPTION = "useResetConnection";

    /** Whether this database has a full reset; false: a connection that needs one is closed. */
    abstract boolean available();

    /** Adds the connect properties the reset needs. */
    void prepare(Properties connectProperties) {
    }

    /** Resets the server session of {@code raw}; may leave autoCommit on. Throwing closes the connection. */
    abstract void reset(Connection raw, String poolName) throws SQLException;

    /**
     * After {@link #reset}: puts the server back to the isolation level the driver believes in,
     * where the driver's reset leaves its cached value behind ({@code isolation} null: the server's
     * default, which the reset restores).
     */
    void resyncIsolation(Connection raw, Integer isolation) throws SQLException {
    }

    /**
     * The resetter for connections from {@code source}. A data source reads its options from its own
     * {@code url} property, and the pool cannot add {@code useResetConnection} to it: MariaDB's full
     * reset then needs {@code useResetConnection=true} in that URL, otherwise connections that need
     * a reset are closed.
     */
    static SessionResetter forSource(ConnectionSource source, Map<String, String> driverProperties) {
        String type = source.typeName();
        String url = source.takesConnectProperties() ? source.setupUrl() : driverProperties.getOrDefault("url", "");
        if (type.startsWith("org.postgresql.")) {
            return new Postgres();
        }
        if (type.startsWith("org.mariadb.jdbc.")) {
            String configured = driverProperties.get(MARIADB_OPTION);
            Matcher inUrl = Pattern.compile("(?i)[?&;]" + MARIADB_OPTION + "=([^&;]*)").matcher(url);
            if (inUrl.find()) {
                configured = inUrl.group(1);
            }
            if (configured != null && !configured.trim().equalsIgnoreCase("true")) {
                return new None(type + " with " + MARIADB_OPTION + "=" + configured);
            }
            if (configured == null && !source.takesConnectProperties()) {
                return new None(type + " without " + MARIADB_OPTION + "=true in its url");
            }
            return new MariaDb(configured == null);
        }
        return new None(type);
    }

    /** {@code DISCARD ALL}: it cannot run inside a transaction block, so auto-commit goes on first. */
    private static final class Postgres extends SessionResetter {
        @Override
        boolean available() {
            return true;
        }

        @Override
        void reset(Connection raw, String poolName) throws SQLException {
            if (!raw.getAutoCommit()) {
                raw.setAutoCommit(true); // rolled back already: nothing to commit
            }
            try (Statement s = raw.createStatement()) {
                s.execute("DISCARD ALL");
            }
        }
    }

    /** COM_RESET_CONNECTION through the driver, so that its caches follow. */
    private static final class MariaDb extends SessionResetter {
        private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
        private final boolean setOption;
        private volatile Method reset;
        /** 0 unknown, 1 the server supports COM_RESET_CONNECTION, -1 it does not. */
        private volatile int serverSupport;

        MariaDb(boolean setOption) {
            this.setOption = setOption;
        }

        @Override
        boolean available() {
            return serverSupport >= 0;
        }

        @Override
        void prepare(Properties connectProperties) {
            if (setOption) {
                connectProperties.setProperty(MARIADB_OPTION, "true");
            }
        }

        @Override
        void reset(Connection raw, String poolName) throws SQLException {
            if (serverSupport == 0) {
                serverSupport = supportsReset(raw.getMetaData()) ? 1 : -1;
            }
            if (serverSupport < 0) {
                throw new SQLException(poolName + " - the server has no COM_RESET_CONNECTION (MariaDB 10.2.22+/10.3.13+): "
                        + "a connection whose session state changed is closed instead of reused");
            }
            try {
                resetMethod(raw).invoke(raw);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException) {
                    throw (SQLException) cause;
                }
                throw new SQLException(poolName + " - the driver's reset() failed: " + cause, cause);
            } catch (IllegalAccessException e) {
                throw new SQLException(poolName + " - cannot call the driver's reset(): " + e, e);
            }
        }

        /**
         * mariadb-java-client 3.5 keeps its cached isolation level through reset() while the server
         * goes back to its default, and then skips setTransactionIsolation with the cached value: so
         * the level is set with SQL, which agrees with the cache.
         */
        @Override
        void resyncIsolation(Connection raw, Integer isolation) throws SQLException {
            if (isolation == null) {
                return;
            }
            String level;
            switch (isolation) {
                case Connection.TRANSACTION_READ_UNCOMMITTED: level = "READ UNCOMMITTED"; break;
                case Connection.TRANSACTION_READ_COMMITTED: level = "READ COMMITTED"; break;
                case Connection.TRANSACTION_REPEATABLE_READ: level = "REPEATABLE READ"; break;
                case Connection.TRANSACTION_SERIALIZABLE: level = "SERIALIZABLE"; break;
                default: return;
            }
            if (raw.getTransactionIsolation() == isolation) {
                try (Statement s = raw.createStatement()) {
                    s.execute("SET SESSION TRANSACTION ISOLATION LEVEL " + level);
                }
            } else {
                raw.setTransactionIsolation(isolation);
            }
        }

        private Method resetMethod(Connection raw) throws SQLException {
            Method m = reset;
            if (m == null || m.getDeclaringClass() != raw.getClass()) {
                try {
                    m = raw.getClass().getMethod("reset");
                } catch (NoSuchMethodException e) {
                    throw new SQLException("the MariaDB driver " + raw.getClass().getName()
                            + " has no reset() (mariadb-java-client 3.x has): the connection is closed instead", e);
                }
                reset = m;
            }
            return m;
        }

        private static boolean supportsReset(DatabaseMetaData meta) throws SQLException {
            String product = meta.getDatabaseProductName();
            Matcher v = VERSION.matcher(String.valueOf(meta.getDatabaseProductVersion()));
            if (product == null || !product.toLowerCase(Locale.ROOT).contains("mariadb") || !v.find()) {
                return false;
            }
            int major = Integer.parseInt(v.group(1));
            int minor = Integer.parseInt(v.group(2));
            int patch = Integer.parseInt(v.group(3));
            return major > 10 || major == 10 && (minor > 3 || minor == 3 && patch >= 13 || minor == 2 && patch >= 22);
        }
    }

    /** No full reset: {@link #reset} throws, which closes the connection. */
    private static final class None extends SessionResetter {
        private final String what;

        None(String what) {
            this.what = what;
        }

        @Override
        boolean available() {
            return false;
        }

        @Override
        void reset(Connection raw, String poolName) throws SQLException {
            throw new SQLException(poolName + " - the session needs a full reset and " + what
                    + " has none Tidepool knows: the connection is closed instead of reused");
        }
    }
}
