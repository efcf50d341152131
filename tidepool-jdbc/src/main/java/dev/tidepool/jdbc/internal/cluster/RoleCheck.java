package dev.tidepool.jdbc.internal.cluster;

import dev.tidepool.jdbc.internal.DeadConnectionClassifier.Vendor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Asks a freshly opened connection what its server is. The driver's own hint (pgjdbc's
 * {@code targetServerType}, MariaDB's replication mode) is only as fresh as the driver's cache; a
 * just-promoted replica, or a primary that came back as a standby, is known for sure only by
 * asking: PostgreSQL {@code pg_is_in_recovery()} and {@code transaction_read_only} (a primary
 * with {@code default_transaction_read_only} takes no writes either), MariaDB/MySQL
 * {@code @@global.read_only}. One round trip per new connection, none per borrow.
 */
public final class RoleCheck {
    private RoleCheck() {
    }

    /** The SQL that asks {@code vendor}'s role, or null when Tidepool cannot ask it. */
    static String sqlFor(Vendor vendor) {
        switch (vendor) {
            case POSTGRESQL:
                return "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'";
            case MARIADB:
                return "SELECT @@global.read_only";
            default:
                return null;
        }
    }

    /**
     * The role of {@code c}'s server, within {@code timeoutSeconds}. Leaves no transaction open.
     *
     * @throws SQLException when the connection fails while asking
     */
    public static ServerRole of(Connection c, Vendor vendor, int timeoutSeconds) throws SQLException {
        String sql = sqlFor(vendor);
        if (sql == null) {
            return ServerRole.UNKNOWN;
        }
        boolean readOnly;
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet r = s.executeQuery(sql)) {
                if (!r.next()) {
                    return ServerRole.UNKNOWN;
                }
                readOnly = r.getBoolean(1);
            }
        }
        if (!c.getAutoCommit()) {
            c.rollback();
        }
        return readOnly ? ServerRole.STANDBY : ServerRole.PRIMARY;
    }
}
