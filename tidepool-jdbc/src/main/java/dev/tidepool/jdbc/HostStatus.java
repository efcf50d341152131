package dev.tidepool.jdbc;

import java.time.Duration;

/**
 * What a pool over several hosts knows about one of them now ({@code TidepoolDataSource.hosts()}).
 *
 * @param host {@code host:port} as configured
 * @param role {@code primary}, {@code standby} or {@code unknown} (not connected yet, or a
 *        driver whose role Tidepool cannot ask), as of the last connect
 * @param available false while the host backs off after a failure
 * @param open physical connections to it now, over the pool and its credential partitions
 * @param lastFailure the class of the last failure on this host, or null after a success
 * @param connectLatency the recent average time to connect and check the role (ZERO before the first)
 */
public record HostStatus(String host, String role, boolean available, int open, ConnectFailure lastFailure,
                         Duration connectLatency) {
}
