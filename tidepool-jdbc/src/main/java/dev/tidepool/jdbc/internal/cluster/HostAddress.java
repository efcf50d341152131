package dev.tidepool.jdbc.internal.cluster;

/**
 * One host of a host list: a name (or IP literal, IPv6 in brackets) and a port, 0 for the
 * driver's default.
 */
public record HostAddress(String host, int port) {

    /** {@code host:port}, or {@code host} when the port is the driver's default. */
    @Override
    public String toString() {
        return port == 0 ? host : host + ":" + port;
    }
}
