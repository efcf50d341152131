package dev.tidepool.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaiterQueueTest {

    @Test
    void servesWaitersInTheOrderTheyQueued() {
        WaiterQueue<Object> queue = new WaiterQueue<>();
        assertNull(queue.first());
        Waiter<Object> a = waiter();
        Waiter<Object> b = waiter();
        Waiter<Object> c = waiter();
        queue.add(a);
        queue.add(b);
        queue.add(c);
        assertSame(a, queue.first());
        assertSame(a, queue.poll());
        assertSame(b, queue.poll());
        assertSame(c, queue.first());
        assertSame(c, queue.poll());
        assertNull(queue.poll());
        assertNull(queue.first());
    }

    @Test
    void unlinkFirstFailsWithoutSideEffectsForAWaiterThatIsNotFirst() {
        WaiterQueue<Object> queue = new WaiterQueue<>();
        Waiter<Object> a = waiter();
        Waiter<Object> b = waiter();
        queue.add(a);
        queue.add(b);
        assertFalse(queue.unlinkFirst(b), "b is not first");
        assertSame(a, queue.first());
        assertTrue(queue.unlinkFirst(a));
        assertFalse(queue.unlinkFirst(a), "a second unlink of the same waiter must fail");
        assertSame(b, queue.first());
    }

    @Test
    void addsAfterTheQueueEmptiedAreSeen() {
        WaiterQueue<Object> queue = new WaiterQueue<>();
        for (int round = 0; round < 3; round++) {
            Waiter<Object> w = waiter();
            queue.add(w);
            assertSame(w, queue.first());
            assertTrue(queue.unlinkFirst(w));
            assertNull(queue.first());
        }
    }

    /**
     * Producers add while consumers race to unlink the first waiter (as returners do): every waiter
     * is unlinked exactly once, each producer's waiters leave in the order it added them, and the
     * queue ends empty.
     */
    @Test
    void concurrentAddsAndUnlinksLoseAndDuplicateNothing() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        WaiterQueue<Object> queue = new WaiterQueue<>();
        List<List<Waiter<Object>>> added = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            List<Waiter<Object>> mine = new ArrayList<>();
            for (int i = 0; i < perProducer; i++) {
                mine.add(waiter());
            }
            added.add(mine);
        }
        int total = producers * perProducer;
        List<List<Waiter<Object>>> unlinked = new ArrayList<>();
        AtomicInteger unlinkedCount = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (List<Waiter<Object>> mine : added) {
            threads.add(new Thread(() -> {
                await(start);
                mine.forEach(queue::add);
            }));
        }
        for (int c = 0; c < 3; c++) {
            List<Waiter<Object>> mine = new ArrayList<>();
            unlinked.add(mine);
            threads.add(new Thread(() -> {
                await(start);
                while (unlinkedCount.get() < total) {
                    Waiter<Object> first = queue.first();
                    if (first != null && queue.unlinkFirst(first)) {
                        mine.add(first);
                        unlinkedCount.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive(), "a thread is still running after 30 s");
        }
        Set<Waiter<Object>> seen = new HashSet<>();
        for (List<Waiter<Object>> mine : unlinked) {
            for (Waiter<Object> w : mine) {
                assertTrue(seen.add(w), "a waiter was unlinked twice");
            }
        }
        assertEquals(total, seen.size());
        assertNull(queue.first());
        for (List<Waiter<Object>> mine : unlinked) {
            for (List<Waiter<Object>> producerOrder : added) {
                List<Waiter<Object>> subsequence = new ArrayList<>(mine);
                subsequence.retainAll(new HashSet<>(producerOrder));
                List<Waiter<Object>> expected = new ArrayList<>(producerOrder);
                expected.retainAll(new HashSet<>(subsequence));
                assertEquals(expected, subsequence, "one producer's waiters left out of order");
            }
        }
    }

    private static Waiter<Object> waiter() {
        return new Waiter<>(Thread.currentThread(), System.nanoTime());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
