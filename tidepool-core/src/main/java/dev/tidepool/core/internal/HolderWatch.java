package dev.tidepool.core.internal;

import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolEntry;

/**
 * The engine's name for the API's {@link dev.tidepool.core.HolderWatch}, which {@link SubPool}
 * takes. It adds nothing: once SubPool names the API type itself, this interface goes.
 */
public interface HolderWatch<T> extends dev.tidepool.core.HolderWatch<T> {

    /** {@code watch} as the engine's type; null stays null. */
    static <T> HolderWatch<T> of(dev.tidepool.core.HolderWatch<T> watch) {
        if (watch == null || watch instanceof HolderWatch) {
            return (HolderWatch<T>) watch;
        }
        return new HolderWatch<>() {
            @Override
            public void inspect(PoolEntry<T> entry, long now) {
                watch.inspect(entry, now);
            }

            @Override
            public void leakSuspected(HolderInfo<T> holder) {
                watch.leakSuspected(holder);
            }

            @Override
            public void afterPass(long now) {
                watch.afterPass(now);
            }

            @Override
            public String toString() {
                return watch.toString();
            }
        };
    }
}
