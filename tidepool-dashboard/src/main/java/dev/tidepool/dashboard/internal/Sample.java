package dev.tidepool.dashboard.internal;

/**
 * One second of one pool, as the charts plot it. Times are milliseconds; a latency with no
 * data (no borrow that second, or no timing source) is {@code NaN}, a rate with no source -1.
 *
 * @param timeMillis when the sample was taken (epoch milliseconds)
 * @param total open connections
 * @param active borrowed ("used")
 * @param idle ready to lend
 * @param waiting threads waiting for a connection ("pending")
 * @param creating connections being opened
 * @param max the pool's maxSize
 * @param acquiresPerSecond borrows served in the last interval, per second
 * @param timeoutsPerSecond acquire timeouts in the last interval, per second
 * @param waitP50 median time in getConnection() over the interval (a timeout counts as acquireTimeout)
 * @param waitP99 99th percentile of it
 * @param useP50 median time a connection was held, for those returned in the interval
 * @param useP99 99th percentile of it
 */
public record Sample(long timeMillis, int total, int active, int idle, int waiting, int creating, int max,
                     double acquiresPerSecond, double timeoutsPerSecond, double waitP50, double waitP99,
                     double useP50, double useP99) {
}
