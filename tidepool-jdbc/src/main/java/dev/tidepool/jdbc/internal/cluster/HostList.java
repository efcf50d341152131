package dev.tidepool.jdbc.internal.cluster;

import dev.tidepool.jdbc.internal.config.Problems;
import dev.tidepool.jdbc.internal.config.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts of a pool and the URL that opens a connection to exactly one of them.
 *
 * <p>Read from the {@code jdbcUrl} as the drivers write a host list
 * ({@code jdbc:postgresql://h1:5432,h2:5433/db}, MariaDB's
 * {@code jdbc:mariadb:replication://h1,h2/db} and its {@code sequential}, {@code loadbalance} and
 * {@code failover} forms) or from the {@code hosts} key, which replaces the URL's host. Each
 * per-host URL keeps everything after the host list (database, parameters) and drops MariaDB's
 * high-availability mode: Tidepool picks the host, so the driver must not pick again.
 */
public final class HostList {
    /** {@code jdbc:<sub>[:<mode>]://<authority><rest>}; the authority ends at the first '/' or '?'. */
    private static final Pattern URL = Pattern.compile("(?i)(jdbc:[a-z0-9]+)(:[a-z0-9-]+)?://([^/?]*)(.*)", Pattern.DOTALL);
    private static final Pattern MARIADB_MODES = Pattern.compile("(?i):(replication|sequential|loadbalance|load-balance|failover|aurora)");

    private final String prefix;
    private final List<HostAddress> hosts;
    private final String rest;

    private HostList(String prefix, List<HostAddress> hosts, String rest) {
        this.prefix = prefix;
        this.hosts = List.copyOf(hosts);
        this.rest = rest;
    }

    /**
     * The host list of a configuration: the {@code hosts} key's when set, else the URL's.
     *
     * @param hostsKey the {@code hosts} value, or null
     * @throws IllegalArgumentException starting with the key at fault ({@code jdbcUrl} or {@code hosts})
     */
    public static HostList of(String jdbcUrl, String hostsKey) {
        Matcher m = jdbcUrl == null ? null : URL.matcher(jdbcUrl.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException((hostsKey != null ? "hosts (" + Values.quote(hostsKey) + ")" : "jdbcUrl (a host list)")
                    + " needs a jdbcUrl of the form jdbc:<driver>://host:port/database to put the hosts in"
                    + " (a URL without '//' names no host)");
        }
        String mode = m.group(2);
        if (mode != null && !MARIADB_MODES.matcher(mode).matches()) {
            throw new IllegalArgumentException("jdbcUrl (host mode " + Values.quote(mode.substring(1)) + ") is not a host mode"
                    + " Tidepool reads: use jdbc:<driver>://h1:port,h2:port/database");
        }
        String prefix = m.group(1).toLowerCase(Locale.ROOT) + "://";
        List<HostAddress> inUrl = parseList("jdbcUrl", m.group(3));
        List<HostAddress> hosts = inUrl;
        if (hostsKey != null) {
            if (inUrl.size() > 1) {
                throw new IllegalArgumentException("hosts (" + Values.quote(hostsKey) + ") and jdbcUrl both list several hosts:"
                        + " keep one list (hosts replaces the URL's host)");
            }
            hosts = parseList("hosts", hostsKey);
        }
        return new HostList(prefix, hosts, m.group(4));
    }

    /**
     * Adds to {@code problems} what is wrong with the host list of {@code jdbcUrl} and {@code hosts}
     * (nothing when neither lists hosts; a bad or missing jdbcUrl is reported by its own rule).
     */
    public static void validate(Problems problems, String jdbcUrl, String hosts) {
        if (hosts != null && hosts.isBlank()) {
            problems.add("hosts (" + Values.quote(hosts) + ") must not be blank: leave it unset for the jdbcUrl's hosts");
            return;
        }
        if (jdbcUrl == null || !jdbcUrl.strip().startsWith("jdbc:") || (hosts == null && !listsSeveral(jdbcUrl))) {
            return;
        }
        try {
            of(jdbcUrl, hosts);
        } catch (IllegalArgumentException e) {
            problems.add(e);
        }
    }

    /** Whether {@code jdbcUrl} lists more than one host (false for URLs this class cannot read). */
    public static boolean listsSeveral(String jdbcUrl) {
        Matcher m = jdbcUrl == null ? null : URL.matcher(jdbcUrl.strip());
        return m != null && m.matches() && m.group(3).indexOf(',') >= 0;
    }

    private static List<HostAddress> parseList(String key, String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException(key + " (" + Values.quote(text) + ") names no host: write host:port[,host:port...]");
        }
        if (text.indexOf('@') >= 0 || text.indexOf('(') >= 0) {
            throw new IllegalArgumentException(key + " lists hosts in a form Tidepool does not read (user@ or"
                    + " address=(...)): write host:port[,host:port...] and give the user in username");
        }
        List<HostAddress> hosts = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            HostAddress a = parseOne(key, text, entry.strip());
            if (hosts.contains(a)) {
                throw new IllegalArgumentException(key + " (" + Values.quote(text) + ") lists " + a + " twice: list each host once");
            }
            hosts.add(a);
        }
        return hosts;
    }

    private static HostAddress parseOne(String key, String list, String entry) {
        String host;
        String port = null;
        if (entry.startsWith("[")) { // IPv6 literal
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(key + " (" + Values.quote(list) + "): " + Values.quote(entry) + " has no closing ']'");
            }
            host = entry.substring(0, close + 1);
            String after = entry.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException(key + " (" + Values.quote(list) + "): " + Values.quote(entry) + " must be [address]:port");
                }
                port = after.substring(1);
            }
        } else {
            int colon = entry.indexOf(':');
            host = colon < 0 ? entry : entry.substring(0, colon);
            port = colon < 0 ? null : entry.substring(colon + 1);
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new IllegalArgumentException(key + " (" + Values.quote(list) + ") has an empty host: write host:port[,host:port...]");
        }
        return new HostAddress(host, port == null ? 0 : parsePort(key, list, port));
    }

    private static int parsePort(String key, String list, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " (" + Values.quote(list) + "): port " + Values.quote(text) + " must be a number from 1 to 65535");
    }

    public List<HostAddress> hosts() {
        return hosts;
    }

    /** The URL that opens a connection to {@code host} alone. */
    public String urlFor(HostAddress host) {
        return prefix + host + rest;
    }

    @Override
    public String toString() {
        return hosts.toString();
    }
}
