package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.core.EngineView;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.internal.PooledConnection;
import java.util.List;

/** Turns the core's holder snapshots into the JDBC pool's {@link ConnectionHolder}. */
public final class Holders {

    private Holders() {
    }

    public static ConnectionHolder of(HolderInfo<PooledConnection> h) {
        PooledConnection p = h.resource();
        return new ConnectionHolder(p.user(), h.thread(), h.heldFor(), h.sinceLastActivity(), p.inTransaction(),
                p.lastSql(), h.borrowStack());
    }

    /** Adds a snapshot of who holds {@code engine}'s connections now to {@code into}. */
    public static void addAll(EngineView<PooledConnection> engine, List<ConnectionHolder> into) {
        for (HolderInfo<PooledConnection> h : engine.holders()) {
            into.add(of(h));
        }
    }

    /** The holder thread's stack now, or an empty one once the thread has ended. */
    static StackTraceElement[] stackNow(ConnectionHolder h) {
        Thread t = h.thread();
        return t != null && t.isAlive() ? t.getStackTrace() : new StackTraceElement[0];
    }
}
