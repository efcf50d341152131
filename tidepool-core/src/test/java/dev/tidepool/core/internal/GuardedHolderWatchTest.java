package dev.tidepool.core.internal;

import dev.tidepool.core.HolderWatch;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolEntry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A failing watch from the layer above must not end a housekeeping pass; the pass goes on. */
class GuardedHolderWatchTest {

    /** Counts every call, then throws what {@code failure} supplies. */
    private static final class FailingWatch implements HolderWatch<Object> {
        final AtomicInteger calls = new AtomicInteger();
        final Supplier<Throwable> failure;

        FailingWatch(Supplier<Throwable> failure) {
            this.failure = failure;
        }

        private void fail() {
            calls.incrementAndGet();
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) t;
        }

        @Override
        public void inspect(PoolEntry<Object> entry, long now) {
            fail();
        }

        @Override
        public void leakSuspected(HolderInfo<Object> holder) {
            fail();
        }

        @Override
        public void afterPass(long now) {
            fail();
        }
    }

    @Test
    void runtimeExceptionsAndLinkageErrorsAreLoggedNotThrown() {
        for (Supplier<Throwable> failure : java.util.List.<Supplier<Throwable>>of(
                () -> new IllegalStateException("watch bug"), () -> new NoClassDefFoundError("gone"))) {
            FailingWatch watch = new FailingWatch(failure);
            GuardedHolderWatch<Object> guarded = new GuardedHolderWatch<>("pool", watch);
            assertDoesNotThrow(() -> guarded.inspect(null, 0));
            assertDoesNotThrow(() -> guarded.leakSuspected(null));
            assertDoesNotThrow(() -> guarded.afterPass(0));
            assertEquals(3, watch.calls.get(), "every call reaches the watch");
        }
    }

    @Test
    void otherErrorsStillPropagate() {
        GuardedHolderWatch<Object> guarded = new GuardedHolderWatch<>("pool",
                new FailingWatch(() -> new OutOfMemoryError("simulated")));
        assertThrows(OutOfMemoryError.class, () -> guarded.afterPass(0));
    }
}
