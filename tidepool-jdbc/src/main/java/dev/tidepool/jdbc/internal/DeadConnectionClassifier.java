package dev.tidepool.jdbc.internal;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a {@link SQLException} means the physical connection is dead, so the pool
 * destroys it on return instead of lending it again.
 *
 * <p>Dead, for every driver: SQLState class {@code 08} (connection exception),
 * {@link SQLRecoverableException}, {@link SQLNonTransientConnectionException}, and a
 * {@link SocketException}, {@link SocketTimeoutException} or {@link EOFException} anywhere in the
 * cause chain. On top of that each {@link Vendor} (chosen from the JDBC URL, or from the class
 * name of a {@code dataSourceClassName}) lists its own
 * SQLStates and vendor error codes: error codes mean different things for different vendors, so
 * they are only trusted for the vendor whose URL is in use.
 *
 * <p>Ordinary errors never count: syntax errors, constraint violations, lock timeouts and
 * deadlocks ({@code 40001}, {@code 40P01}) leave the connection perfectly usable.
 *
 * <p>An {@link OverrideHook} may decide first, for drivers with habits this table does not know.
 */
public final class DeadConnectionClassifier {

    /** Bound on the cause / next-exception chain walked, against cycles and very long chains. */
    private static final int MAX_CHAIN = 16;

    /** A hook that decides before the table: true = dead, false = alive, null = ask the table. */
    @FunctionalInterface
    public interface OverrideHook {
        Boolean isDead(SQLException e);
    }

    /** The per-vendor part of the table. */
    public enum Vendor {
        POSTGRESQL(Set.of(
                "57P01", // admin_shutdown: the server was shut down or the backend terminated
                "57P02", // crash_shutdown
                "57P03"  // cannot_connect_now: the server is starting or shutting down
        ), Set.of()),
        MARIADB(Set.of(), Set.of(
                1053, // ER_SERVER_SHUTDOWN
                1927, // ER_CONNECTION_KILLED
                2006, // CR_SERVER_GONE_ERROR: server has gone away
                2013, // CR_SERVER_LOST: lost connection during query
                4031  // ER_CLIENT_INTERACTION_TIMEOUT: disconnected for inactivity
        )),
        ORACLE(Set.of(), Set.of(
                28,    // ORA-00028: your session has been killed
                1012,  // ORA-01012: not logged on
                1033,  // ORA-01033: initialization or shutdown in progress
                1034,  // ORA-01034: not available
                1089,  // ORA-01089: immediate shutdown in progress
                3113,  // ORA-03113: end-of-file on communication channel
                3114,  // ORA-03114: not connected
                3135,  // ORA-03135: connection lost contact
                17002, // IO error
                17008, // closed connection
                17410  // no more data to read from socket
        )),
        H2(Set.of(
                "90067", // CONNECTION_BROKEN_1
                "90098", // DATABASE_IS_CLOSED
                "90121"  // DATABASE_CALLED_AT_SHUTDOWN
        ), Set.of()),
        /**
         * Microsoft SQL Server (mssql-jdbc), from the documented error numbers: not verified against
         * a live server here (see docs/reliability.md). The driver's own transport failures come as
         * SQLState 08S01, which the generic rules already treat as dead.
         */
        SQLSERVER(Set.of(), Set.of(
                64,    // a transport-level error: the specified network name is no longer available
                233,   // no process is on the other end of the pipe (session ended by the server)
                596,   // cannot continue the execution because the session is in the kill state
                4014,  // a fatal error occurred while reading the input stream from the network
                6005,  // SHUTDOWN is in progress
                10053, // a transport-level error: the connection was aborted by the software in the host
                10054  // a transport-level error: connection reset by peer
        )),
        OTHER(Set.of(), Set.of());

        private final Set<String> sqlStates;
        private final Set<Integer> errorCodes;

        Vendor(Set<String> sqlStates, Set<Integer> errorCodes) {
            this.sqlStates = sqlStates;
            this.errorCodes = errorCodes;
        }

        /** The vendor of a JDBC URL ({@code jdbc:postgresql:...}); OTHER when unknown. */
        public static Vendor ofUrl(String jdbcUrl) {
            String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
            if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:pgsql:")) {
                return POSTGRESQL;
            }
            if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
                return MARIADB;
            }
            if (url.startsWith("jdbc:oracle:")) {
                return ORACLE;
            }
            if (url.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (url.startsWith("jdbc:sqlserver:")) {
                return SQLSERVER;
            }
            return OTHER;
        }
    }

    private final Vendor vendor;
    private final OverrideHook override;

    public DeadConnectionClassifier(Vendor vendor, OverrideHook override) {
        this.vendor = vendor;
        this.override = override;
    }

    /** The classifier for a JDBC URL, without an override. */
    public static DeadConnectionClassifier forUrl(String jdbcUrl) {
        return new DeadConnectionClassifier(Vendor.ofUrl(jdbcUrl), null);
    }

    public Vendor vendor() {
        return vendor;
    }

    /** True when {@code e} (or anything in its cause or next-exception chain) says the connection is dead. */
    public boolean isDead(SQLException e) {
        if (override != null) {
            Boolean verdict = override.isDead(e);
            if (verdict != null) {
                return verdict;
            }
        }
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_CHAIN; depth++) {
            if (t instanceof SQLException && isDeadItself((SQLException) t)) {
                return true;
            }
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof EOFException) {
                return true;
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof SQLException) {
                next = ((SQLException) t).getNextException();
            }
            t = next == t ? null : next;
        }
        return false;
    }

    private boolean isDeadItself(SQLException e) {
        if (e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || vendor.sqlStates.contains(state))) {
            return true;
        }
        return !vendor.errorCodes.isEmpty() && vendor.errorCodes.contains(e.getErrorCode());
    }

    @Override
    public String toString() {
        return "DeadConnectionClassifier{" + vendor + (override != null ? ", with override" : "") + "}";
    }
}
