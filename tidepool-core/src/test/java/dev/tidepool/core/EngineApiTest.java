package dev.tidepool.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine API a layer built on the pool uses instead of core's internals (the JDBC layer):
 * seen only through dev.tidepool.core, as that layer sees it.
 */
class EngineApiTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private final FakeClock clock = new FakeClock();
    private final TestFactory factory = new TestFactory();
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    private EnginePool<TestFactory.Res> pool(PoolSettings.Builder b) {
        EnginePool<TestFactory.Res> p = EnginePool.create(factory, b.name("engine").ticker(clock).build(), false, "resource");
        started.add(p);
        return p;
    }

    /** No handle per borrow: the borrower holds the pool's own entry, so the next borrow of it is the same object. */
    @Test
    void theEngineLendsThePoolsOwnEntryAndTheBorrowerEndsEachBorrow() throws Exception {
        EnginePool<TestFactory.Res> p = pool(PoolSettings.builder().maxSize(1).minIdle(1));
        Await.until("filled", () -> p.stats().idle() == 1);
        PoolEntry<TestFactory.Res> first = p.engine().borrow(SECOND);
        assertEquals(1, p.engine().stats().active());
        assertEquals("engine", first.poolName());
        TestFactory.Res res = first.resource();
        first.release();
        assertEquals(1, p.stats().idle(), "released: idle again");
        PoolEntry<TestFactory.Res> second = p.engine().borrow(SECOND);
        assertSame(first, second, "the same entry, not a new handle");
        assertSame(res, second.resource());
        second.invalidate(DestroyReason.BROKEN);
        Await.until("invalidated: destroyed", () -> res.destroyed);
    }

    @Test
    void aHolderWatchSeesEachBorrowedEntryOnEveryPassAndRemembersItsMark() throws Exception {
        List<PoolEntry<TestFactory.Res>> inspected = new ArrayList<>();
        AtomicInteger passes = new AtomicInteger();
        EnginePool<TestFactory.Res> p = pool(PoolSettings.builder().maxSize(2).minIdle(2));
        p.watchHolders(new HolderWatch<>() {
            @Override
            public void inspect(PoolEntry<TestFactory.Res> entry, long now) {
                inspected.add(entry);
            }

            @Override
            public void leakSuspected(HolderInfo<TestFactory.Res> holder) {
            }

            @Override
            public void afterPass(long now) {
                passes.incrementAndGet();
            }
        });
        Await.until("filled", () -> p.stats().idle() == 2);
        PoolEntry<TestFactory.Res> held = p.engine().borrow(SECOND);
        held.touch();
        p.runMaintenance(clock.advance(Duration.ofSeconds(5)));
        assertEquals(List.of(held), inspected, "only the borrowed entry");
        assertEquals(1, passes.get());
        assertEquals(Long.MIN_VALUE, held.watchMark(), "nothing remembered yet");
        held.watchMark(held.borrowedAt());
        assertEquals(held.borrowedAt(), held.watchMark());
        HolderInfo<TestFactory.Res> info = held.holderInfo(held.now());
        assertSame(Thread.currentThread(), info.thread());
        assertTrue(info.heldFor().compareTo(Duration.ofSeconds(5)) >= 0, "held since the borrow: " + info.heldFor());
        held.release();
        inspected.clear();
        p.runMaintenance(clock.advance(Duration.ofSeconds(1)));
        assertEquals(List.of(), inspected, "nothing borrowed: nothing to inspect");
        assertEquals(2, passes.get(), "afterPass runs on every pass");
        assertNull(held.holderInfo(held.now()), "returned: no holder");
    }

    @Test
    void aHookSetOnBorrowRunsOnceWhenTheBorrowEnds() throws Exception {
        EnginePool<TestFactory.Res> p = pool(PoolSettings.builder().maxSize(1).minIdle(1));
        AtomicInteger ran = new AtomicInteger();
        PoolEntry<TestFactory.Res> e = p.engine().borrow(SECOND);
        e.onReturn(ran::incrementAndGet);
        assertEquals(0, ran.get());
        e.release();
        assertEquals(1, ran.get(), "ran on the returning thread, before release returned");
        p.engine().borrow(SECOND).release();
        assertEquals(1, ran.get(), "one borrow's hook, not the next one's");
    }

    @Test
    void runtimeChangesAreCheckedByThePoolWithTheBuildTimeRules() {
        EnginePool<TestFactory.Res> p = pool(PoolSettings.builder().maxSize(4).minIdle(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.setMaxSize(1));
        assertEquals("maxSize (1) must be >= minIdle (2): lower minIdle first", e.getMessage());
        p.setMinIdle(1);
        p.setMaxSize(1);
        assertEquals(1, p.settings().maxSize());
    }

    @Test
    void listenersAttachedToTheSetAreHeardByThePoolAndSeenAsAnUnmodifiableSnapshot() throws Exception {
        PoolListeners listeners = PoolListeners.of(PoolListener.NONE);
        EnginePool<TestFactory.Res> p = pool(PoolSettings.builder().maxSize(1).minIdle(1).listener(listeners));
        assertEquals(List.of(), listeners.attached());
        List<DestroyReason> destroyed = new ArrayList<>();
        PoolListener heard = new PoolListener() {
            @Override
            public void destroyed(DestroyReason reason) {
                synchronized (destroyed) {
                    destroyed.add(reason);
                }
            }
        };
        Registration r = listeners.add(heard);
        assertEquals(List.of(heard), listeners.attached());
        assertSame(listeners.attached(), listeners.attached(), "a snapshot made at the change, not a copy per call");
        assertThrows(UnsupportedOperationException.class, () -> listeners.attached().add(PoolListener.NONE));
        p.engine().borrow(SECOND).invalidate(DestroyReason.BROKEN);
        Await.until("the pool told the set's listener", () -> {
            synchronized (destroyed) {
                return destroyed.equals(List.of(DestroyReason.BROKEN));
            }
        });
        r.close();
        assertEquals(List.of(), listeners.attached());
    }

    @Test
    void aKeyedEngineLendsByKeyAndShowsEachKeysEngine() throws Exception {
        KeyedEnginePool<String, TestFactory.Res> k = KeyedEnginePool.create(key -> factory,
                PoolSettings.builder().name("keyed").maxSize(2).minIdle(0).ticker(clock).build(), 3, false, "resource");
        started.add(k);
        PoolEntry<TestFactory.Res> a = k.borrow("a", SECOND);
        PoolEntry<TestFactory.Res> b = k.borrow("b", SECOND);
        assertEquals(2, k.keyCount());
        assertEquals(1, k.engine("a").stats().active());
        assertEquals(List.of(Thread.currentThread()), k.engine("b").holders().stream().map(HolderInfo::thread).toList());
        assertEquals(2, k.engines().size());
        a.release();
        b.release();
        assertEquals(0, k.stats().active());

        assertSame(k.engine("a"), k.existingEngine("a").orElseThrow());
        assertTrue(k.existingEngine("c").isEmpty());
        assertEquals(2, k.keyCount(), "looking a key up for a report makes no engine for it");
        assertEquals(2, factory.created.get(), "and starts no creation");
    }
}
