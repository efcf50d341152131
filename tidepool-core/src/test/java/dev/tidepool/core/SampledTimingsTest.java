package dev.tidepool.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Sampled timings (issue 10, "same margins"): exact counts, waits only for borrows that waited,
 * use times sampled with weights that add up to the returns, long holds never lost. One
 * connection and a fake clock that moves the pool's coarse clock only at the maintenance passes
 * the test runs, so which borrow is the sample is known.
 */
class SampledTimingsTest {
    private static final long TICK = Duration.ofMillis(250).toNanos();
    private final TestFactory factory = new TestFactory();
    private final FakeClock clock = new FakeClock();
    private Pool<TestFactory.Res> pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private Pool<TestFactory.Res> pool(int max) {
        pool = Pool.builder(factory).name("sampled").maxSize(max).minIdle(0).ticker(clock).housekeeping(false)
                .acquireTimeout(Duration.ofSeconds(5)).build();
        return pool;
    }

    /** A use time and the returns it stands for. */
    record Use(long nanos, long returns) {
    }

    /** Takes the timings sampled, as TidepoolMetrics does; records what it hears. */
    static class Sampler implements PoolListener {
        volatile BorrowCounts counts;
        final List<Long> waits = new CopyOnWriteArrayList<>();
        final List<Use> uses = new CopyOnWriteArrayList<>();
        final List<Long> exactUses = new CopyOnWriteArrayList<>();

        @Override public boolean samplesTimings() { return true; }
        @Override public void attached(BorrowCounts c) { counts = c; }
        @Override public void acquired(long waitNanos) { waits.add(waitNanos); }
        @Override public void used(long useNanos, long returns) { uses.add(new Use(useNanos, returns)); }
        @Override public void returned(long useNanos) { exactUses.add(useNanos); }

        long weights() {
            return uses.stream().mapToLong(Use::returns).sum();
        }
    }

    private void cycle(Pool<TestFactory.Res> p) throws Exception {
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            assertNotNull(lease.get());
        }
    }

    /** Moves the fake clock and the pool's coarse clock with it, as a housekeeping tick does. */
    private void tick(Pool<?> p, Duration d) {
        p.runMaintenance(clock.advance(d));
    }

    @Test
    void countsAreExactAndTheSamplesWeightsAddUpToTheReturnsTheyStandFor() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Sampler s = new Sampler();
        p.addListener(s);
        for (int i = 0; i < 100; i++) {
            cycle(p);
        }
        assertEquals(100, s.counts.borrows());
        assertEquals(100, s.counts.returns());
        // The first borrow opened the connection (it waited: timed, its wait reported); then every
        // 16th use of the connection is the sample: lends 16, 32, ..., 96. Each stands for itself and
        // the untimed uses before it; 97-100 wait for the next sample.
        assertEquals(1, s.waits.size(), "only the borrow that waited reports a wait: " + s.waits);
        assertEquals(List.of(1L, 15L, 16L, 16L, 16L, 16L, 16L), s.uses.stream().map(Use::returns).toList());
        assertEquals(96, s.weights());
        assertTrue(s.exactUses.isEmpty(), "no per-borrow event while sampling");
    }

    @Test
    void atLowRatesEveryUseIsTimedWithWeightOne() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Sampler s = new Sampler();
        p.addListener(s);
        for (int i = 0; i < 10; i++) {
            cycle(p);
            tick(p, Duration.ofMillis(100)); // the coarse clock moves between uses: each is the first since
        }
        assertEquals(10, s.uses.size(), "one use time per return: " + s.uses);
        assertTrue(s.uses.stream().allMatch(u -> u.returns() == 1 && u.nanos() >= 0), s.uses.toString());
        assertEquals(10, s.counts.returns());
    }

    @Test
    void aLongHoldIsRecordedEvenWhenNotSampledAsALowerBoundWithinATick() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Sampler s = new Sampler();
        p.addListener(s);
        cycle(p); // opens the connection: the sample of this coarse period
        int before = s.uses.size();
        try (Lease<TestFactory.Res> lease = p.acquire()) { // not the sample: same coarse period
            tick(p, Duration.ofSeconds(10));
        }
        assertEquals(before + 1, s.uses.size(), "the hold spanned a tick: recorded though not sampled");
        Use hold = s.uses.get(before);
        assertEquals(1, hold.returns(), "a long hold stands for itself only");
        assertEquals(Duration.ofSeconds(10).toNanos() - TICK, hold.nanos(),
                "lent within a tick after the coarse clock read at the lend: at most a tick short");
    }

    @Test
    void aSampledHoldThatSpansATickCarriesWeightOneAndTheUntimedUsesWaitForTheNextSample() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Sampler s = new Sampler();
        p.addListener(s);
        cycle(p); // 1: timed (it opened the connection), weight 1
        cycle(p); // 2, 3: not sampled
        cycle(p);
        tick(p, Duration.ofMillis(1));
        try (Lease<TestFactory.Res> lease = p.acquire()) { // 4: the first since the tick: sampled
            tick(p, Duration.ofMillis(1)); // and it spans the next one
        }
        cycle(p); // 5: the first since that tick: sampled, stands for 2, 3 and itself
        assertEquals(List.of(1L, 1L, 3L), s.uses.stream().map(Use::returns).toList());
        assertEquals(s.counts.returns(), s.weights(), "every return is in the weights now");
    }

    @Test
    void aListenerThatWantsEveryTimingMakesThePoolTimeEveryBorrowForAll() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Sampler s = new Sampler();
        p.addListener(s);
        List<Long> exactWaits = new CopyOnWriteArrayList<>();
        try (Registration exact = p.addListener(new PoolListener() {
            @Override public void acquired(long waitNanos) { exactWaits.add(waitNanos); }
        })) {
            for (int i = 0; i < 20; i++) {
                cycle(p);
            }
            assertEquals(20, exactWaits.size());
            assertEquals(20, s.waits.size(), "while one wants every timing, all hear every borrow");
            assertEquals(20, s.exactUses.size());
            assertTrue(s.uses.isEmpty());
        }
        for (int i = 0; i < 20; i++) {
            cycle(p);
        }
        assertEquals(20, s.waits.size(), "sampled again once it is gone: no wait event for a borrow served at once");
        assertEquals(40, s.counts.borrows(), "counted throughout");
    }

    @Test
    void countsNeverGoDownWhileConnectionsAreDestroyed() throws Exception {
        Pool<TestFactory.Res> p = pool(2);
        Sampler s = new Sampler();
        p.addListener(s);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wentDown = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long last = 0;
            while (!done.get()) {
                long now = s.counts.returns();
                if (now < last) {
                    wentDown.set(last + " then " + now);
                }
                last = now;
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 300; i++) {
                Lease<TestFactory.Res> lease = p.acquire();
                if (i % 3 == 0) {
                    lease.invalidate(); // destroyed: its counts move to the pool's totals
                } else {
                    lease.close();
                }
            }
        } finally {
            done.set(true);
            reader.join(5_000);
        }
        assertNull(wentDown.get(), "the count went down");
        assertEquals(300, s.counts.borrows());
        assertEquals(300, s.counts.returns());
    }

    @Test
    void nothingIsCountedWhileNoListenerWantsTimings() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Sampler s = new Sampler() {
            @Override public boolean wantsTimings() { return false; }
        };
        p.addListener(s);
        for (int i = 0; i < 5; i++) {
            cycle(p);
        }
        assertEquals(0, s.counts.borrows(), "the borrow path is as without listeners");
        assertTrue(s.uses.isEmpty() && s.waits.isEmpty());
    }
}
