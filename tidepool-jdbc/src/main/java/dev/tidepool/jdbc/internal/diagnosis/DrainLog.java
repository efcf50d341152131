package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.core.HolderInfo;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.Diagnosis.HolderGroup;
import dev.tidepool.jdbc.internal.PooledConnection;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code close()} tells the log while it drains, so that a shutdown that waits is never
 * silent: at once, when connections are still borrowed, how many, who holds them (grouped as in
 * the exhaustion report) and until when it waits; after the drain, the connections it closed
 * under their holders. One per {@code close()} call, used by the closing thread only.
 */
public final class DrainLog {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");

    private final String poolName;
    private final Duration drainTimeout;
    private final StackReducer reducer;
    private final List<ConnectionHolder> revoked = new ArrayList<>();

    public DrainLog(String poolName, Duration drainTimeout, StackReducer reducer) {
        this.poolName = poolName;
        this.drainTimeout = drainTimeout;
        this.reducer = reducer;
    }

    /** Logs (INFO) that the close waits for {@code holders}, and until when; nothing when none is borrowed. */
    public void draining(List<ConnectionHolder> holders, Instant now) {
        if (holders.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> drainingText(holders, now));
    }

    String drainingText(List<ConnectionHolder> holders, Instant now) {
        int n = holders.size();
        String them = n == 1 ? "it" : "them";
        String head = drainTimeout.isZero()
                ? poolName + " - closing with " + connections(n) + " still borrowed; drainTimeout is 0, so "
                        + (n == 1 ? "it is closed now, under its holder" : "they are closed now, under their holders")
                : poolName + " - closing: " + connections(n) + " still borrowed; waiting up to "
                        + TimeText.of(drainTimeout) + " (drainTimeout, until "
                        + now.plus(drainTimeout).truncatedTo(ChronoUnit.MILLIS) + ") for " + them
                        + " to come back, then closing " + them + " anyway";
        return head + "; held by:" + groupLines(holders);
    }

    /** Marks a connection the pool closes under its holder and remembers who held it. */
    public void revoked(HolderInfo<PooledConnection> holder) {
        holder.resource().revoke();
        revoked.add(Holders.of(holder));
    }

    /** Logs (WARNING) the connections closed under their holders, if any. */
    public void closed() {
        if (revoked.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, this::closedText);
    }

    String closedText() {
        int n = revoked.size();
        return poolName + " - closed " + connections(n) + " still borrowed after drainTimeout ("
                + TimeText.of(drainTimeout) + "); " + (n == 1 ? "its holder's" : "their holders'")
                + " next call fails with 'connection is closed because the pool was closed'; they were held by:"
                + groupLines(revoked);
    }

    /** The holders grouped by code location as the exhaustion report shows them, at most as many groups. */
    private String groupLines(List<ConnectionHolder> holders) {
        StringBuilder sb = new StringBuilder();
        List<HolderGroup> groups = HolderGroups.of(holders, reducer, ExhaustionReport.LONG_HOLD).groups();
        int notShown = 0;
        for (int i = 0; i < groups.size(); i++) {
            if (i < ExhaustionReport.GROUPS_SHOWN) {
                sb.append("\n  ").append(HolderGroups.line(groups.get(i), holders.size()));
            } else {
                notShown += groups.get(i).connections();
            }
        }
        if (notShown > 0) {
            sb.append("\n  ... and ").append(notShown).append(" more held in other places");
        }
        return sb.toString();
    }

    private static String connections(int n) {
        return n == 1 ? "1 connection" : n + " connections";
    }
}
