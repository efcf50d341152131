package dev.tidepool.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code jdbc:sqlserver://[host][\instance][:port][;key=value...]} URL as mssql-jdbc reads it:
 * the host, the named instance, the port (null when not given), the database and the TLS options.
 * Property names are case-insensitive, a value may be wrapped in braces ({@code {a;b}}), and
 * {@code serverName}, {@code instanceName}, {@code portNumber}/{@code port} and {@code
 * databaseName}/{@code database} may stand in the properties instead of the authority.
 *
 * @param encrypt the {@code encrypt} value as written, or null for the driver's default (true since 10.2)
 * @param properties every {@code key=value} after the authority, as written, in order
 */
record SqlServerUrl(String host, String instance, Integer port, String database, String encrypt,
                    String trustServerCertificate, String hostNameInCertificate, List<String> properties) {

    static final String PREFIX = "jdbc:sqlserver://";
    /** The SQL Server default instance's port, used when neither a port nor an instance is given. */
    static final int DEFAULT_PORT = 1433;

    /** True when the port must come from the SQL Server Browser: a named instance and no port. */
    boolean needsBrowser() {
        return instance != null && port == null;
    }

    /**
     * @throws IllegalArgumentException when the URL does not start with {@code jdbc:sqlserver://}
     *         or its port is not a number from 1 to 65535, with the fix
     */
    static SqlServerUrl parse(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("'" + url + "' is not a SQL Server URL: it must look like"
                    + " jdbc:sqlserver://host:1433;databaseName=db or jdbc:sqlserver://host\\INSTANCE;databaseName=db");
        }
        String rest = url.substring(PREFIX.length());
        int semi = rest.indexOf(';');
        String authority = semi < 0 ? rest : rest.substring(0, semi);
        List<String> properties = semi < 0 ? List.of() : split(rest.substring(semi + 1));
        String host = authority;
        String instance = null;
        String portText = null;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]") && authority.indexOf(']') < colon) {
            portText = authority.substring(colon + 1);
            host = authority.substring(0, colon);
        }
        int backslash = host.indexOf('\\');
        if (backslash >= 0) {
            instance = host.substring(backslash + 1);
            host = host.substring(0, backslash);
        }
        String database = null;
        String encrypt = null;
        String trust = null;
        String hostInCert = null;
        for (String p : properties) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unbrace(p.substring(eq + 1).strip());
            switch (key) {
                case "servername" -> host = value;
                case "instancename" -> instance = value;
                case "portnumber", "port" -> portText = value;
                case "databasename", "database" -> database = value;
                case "encrypt" -> encrypt = value;
                case "trustservercertificate" -> trust = value;
                case "hostnameincertificate" -> hostInCert = value;
                default -> { }
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        if (instance != null && instance.isEmpty()) {
            instance = null;
        }
        return new SqlServerUrl(host, instance, port(portText, host), database, encrypt, trust, hostInCert,
                List.copyOf(properties));
    }

    /**
     * The URL handed to the driver once the doctor knows the port: {@code host:port} and the same
     * properties, without the instance (the doctor asked the Browser already; the driver would ask
     * again, maybe another one) and without a second server, instance or port property.
     */
    String driverUrl(int resolvedPort) {
        StringBuilder sb = new StringBuilder(PREFIX);
        sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(resolvedPort);
        for (String p : properties) {
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (!List.of("servername", "instancename", "portnumber", "port").contains(key)) {
                sb.append(';').append(p);
            }
        }
        return sb.toString();
    }

    /** The TLS settings as the driver will apply them, for the parse step and TLS failures. */
    String tlsSettings() {
        return "encrypt=" + (encrypt != null ? encrypt : "true (the driver's default)")
                + ", trustServerCertificate=" + (trustServerCertificate != null ? trustServerCertificate : "false")
                + (hostNameInCertificate != null ? ", hostNameInCertificate=" + hostNameInCertificate : "");
    }

    private static Integer port(String text, String host) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port in the SQL Server URL ('" + text
                    + "') is not a number: write host:port, e.g. " + host + ":" + DEFAULT_PORT);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port in the SQL Server URL (" + port
                    + ") must be from 1 to 65535, e.g. " + host + ":" + DEFAULT_PORT);
        }
        return port;
    }

    /** {@code a=1;b={x;y};c=2} into its properties; a brace-wrapped value may hold semicolons. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean braced = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                braced = true;
            } else if (c == '}') {
                braced = false;
            }
            if (c == ';' && !braced) {
                if (!current.toString().isBlank()) {
                    out.add(current.toString());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString());
        }
        return out;
    }

    private static String unbrace(String v) {
        return v.length() >= 2 && v.startsWith("{") && v.endsWith("}") ? v.substring(1, v.length() - 1) : v;
    }
}
