package dev.tidepool.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * One worker of one side of {@link PairedPools}: ConnectionCycle (borrow, return) or
 * StatementCycle (borrow, prepare, execute, read, close, return) in a loop while the side's phase
 * runs. {@link PairedPools} loads this class anew in each side's class loader, so each side's
 * {@code getConnection()} call site sees one pool class only, as in a JMH fork; it talks to the
 * harness through JDK types only.
 */
public final class SideLoop implements Runnable {
    private final DataSource dataSource;
    private final AtomicLongArray counts;
    private final int slot;
    private final boolean statements;
    private final AtomicBoolean running;
    private final AtomicBoolean stopped;

    public SideLoop(DataSource dataSource, AtomicLongArray counts, int slot, boolean statements,
                    AtomicBoolean running, AtomicBoolean stopped) {
        this.dataSource = dataSource;
        this.counts = counts;
        this.slot = slot;
        this.statements = statements;
        this.running = running;
        this.stopped = stopped;
    }

    @Override
    public void run() {
        long local = 0;
        while (!stopped.get()) {
            if (!running.get()) {
                counts.lazySet(slot, local);
                // Woken by the harness when the side's phase starts: idle sides must not poll, or
                // on a small machine their wake-ups take time from the side measured.
                LockSupport.parkNanos(100_000_000);
                continue;
            }
            try {
                Connection c = dataSource.getConnection();
                if (statements) {
                    PreparedStatement s = c.prepareStatement("SELECT 1");
                    ResultSet rs = s.executeQuery();
                    rs.next();
                    rs.close();
                    s.close();
                }
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            local++;
            if ((local & 63) == 0) {
                counts.lazySet(slot, local);
            }
        }
    }
}
