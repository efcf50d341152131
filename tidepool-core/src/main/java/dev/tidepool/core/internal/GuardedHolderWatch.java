package dev.tidepool.core.internal;

import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.HolderWatch;
import dev.tidepool.core.PoolEntry;

/**
 * A {@link HolderWatch} that never throws: a failure of the layer above's watch is logged and the
 * housekeeping pass goes on, so one bad watch cannot stop retiring, validating and refilling.
 */
final class GuardedHolderWatch<T> implements HolderWatch<T> {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.core");

    private final String poolName;
    private final HolderWatch<T> watch;

    GuardedHolderWatch(String poolName, HolderWatch<T> watch) {
        this.poolName = poolName;
        this.watch = watch;
    }

    @Override
    public void inspect(PoolEntry<T> entry, long now) {
        try {
            watch.inspect(entry, now);
        } catch (RuntimeException | LinkageError ex) {
            failed(ex);
        }
    }

    @Override
    public void leakSuspected(HolderInfo<T> holder) {
        try {
            watch.leakSuspected(holder);
        } catch (RuntimeException | LinkageError ex) {
            failed(ex);
        }
    }

    @Override
    public void afterPass(long now) {
        try {
            watch.afterPass(now);
        } catch (RuntimeException | LinkageError ex) {
            failed(ex);
        }
    }

    private void failed(Throwable ex) {
        LOG.log(System.Logger.Level.WARNING, () -> poolName + " - the holder watch failed: " + ex);
    }
}
