package dev.tidepool.cli.doctor;

import java.util.Locale;

/**
 * Where a JDBC URL points: the vendor, and for the URLs the doctor understands ({@code
 * jdbc:postgresql://}, {@code jdbc:mariadb://}, {@code jdbc:mysql://}, {@code jdbc:h2:tcp://}) the
 * first host, its port and the database; {@code jdbc:sqlserver://} too, where the port is 0 when it
 * must come from the SQL Server Browser (a named instance, no port). Other URLs have no host: the doctor skips the network
 * steps for them and lets the driver speak.
 */
public record JdbcTarget(String vendor, String host, int port, String database) {

    public static final String POSTGRESQL = "postgresql";
    public static final String MARIADB = "mariadb";
    public static final String MYSQL = "mysql";
    public static final String H2 = "h2";
    public static final String SQLSERVER = "sqlserver";

    /** True when the doctor can resolve the host and open a TCP connection itself. */
    public boolean networked() {
        return host != null;
    }

    /** True for MariaDB and MySQL, which answer the same survey queries. */
    public boolean mariadbFamily() {
        return MARIADB.equals(vendor) || MYSQL.equals(vendor);
    }

    /**
     * Reads {@code url}.
     *
     * @throws IllegalArgumentException when it is not a JDBC URL at all, with the fix
     */
    public static JdbcTarget parse(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5) || url.indexOf(':', 5) < 0) {
            throw new IllegalArgumentException("'" + url + "' is not a JDBC URL: it must look like"
                    + " jdbc:postgresql://host:5432/db or jdbc:mariadb://host:3306/db");
        }
        String rest = url.substring(5);
        String vendor = rest.substring(0, rest.indexOf(':')).toLowerCase(Locale.ROOT);
        String after = rest.substring(rest.indexOf(':') + 1);
        switch (vendor) {
            case POSTGRESQL:
                if (!after.startsWith("//")) { // jdbc:postgresql:db means localhost:5432
                    return new JdbcTarget(vendor, "localhost", 5432, beforeAny(after, "?"));
                }
                return hostPortDb(vendor, after.substring(2), 5432, "?");
            case MARIADB:
            case MYSQL:
                // jdbc:mariadb:replication://..., jdbc:mysql:loadbalance://...: skip the mode word
                int slashes = after.indexOf("//");
                if (slashes < 0 || after.substring(0, slashes).chars().anyMatch(c -> c != ':' && !Character.isLetter(c))) {
                    return new JdbcTarget(vendor, null, 0, null);
                }
                String authority = after.substring(slashes + 2);
                if (authority.startsWith("address=") || authority.startsWith("(")) {
                    return new JdbcTarget(vendor, null, 0, null);
                }
                return hostPortDb(vendor, authority, 3306, "?");
            case H2:
                String lower = after.toLowerCase(Locale.ROOT);
                if (lower.startsWith("tcp://") || lower.startsWith("ssl://")) {
                    return hostPortDb(vendor, after.substring(6), 9092, ";");
                }
                return new JdbcTarget(vendor, null, 0, beforeAny(after, ";"));
            case SQLSERVER:
                SqlServerUrl u = SqlServerUrl.parse(url);
                int port = u.port() != null ? u.port() : u.needsBrowser() ? 0 : SqlServerUrl.DEFAULT_PORT;
                return new JdbcTarget(vendor, u.host(), port, u.database());
            default:
                return new JdbcTarget(vendor, null, 0, null);
        }
    }

    /** {@code host[:port][,host2...]/database<end>...}: the first host only. */
    private static JdbcTarget hostPortDb(String vendor, String s, int defaultPort, String end) {
        int slash = s.indexOf('/');
        String authority = beforeAny(slash < 0 ? s : s.substring(0, slash), end);
        String database = slash < 0 ? "" : beforeAny(s.substring(slash + 1), end);
        if (!";".equals(end)) {
            database = beforeAny(database, ";");
        }
        String first = beforeAny(authority, ",");
        int at = first.lastIndexOf('@'); // user:password@host
        if (at >= 0) {
            first = first.substring(at + 1);
        }
        String host;
        String portText = null;
        if (first.startsWith("[")) { // [::1]:5432
            int close = first.indexOf(']');
            host = first.substring(1, close < 0 ? first.length() : close);
            if (close >= 0 && close + 1 < first.length() && first.charAt(close + 1) == ':') {
                portText = first.substring(close + 2);
            }
        } else {
            int colon = first.indexOf(':');
            host = colon < 0 ? first : first.substring(0, colon);
            portText = colon < 0 ? null : first.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        int port = defaultPort;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port in the JDBC URL ('" + portText
                        + "') is not a number: write host:port, e.g. " + host + ":" + defaultPort);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the port in the JDBC URL (" + port
                        + ") must be from 1 to 65535, e.g. " + host + ":" + defaultPort);
            }
        }
        return new JdbcTarget(vendor, host, port, database);
    }

    private static String beforeAny(String s, String stops) {
        for (int i = 0; i < s.length(); i++) {
            if (stops.indexOf(s.charAt(i)) >= 0) {
                return s.substring(0, i);
            }
        }
        return s;
    }
}
