package dev.tidepool.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A scriptable resource factory that counts what the pool does with it. */
final class TestFactory implements ResourceFactory<TestFactory.Res> {

    /** A pooled thing with an id and a broken flag. */
    static final class Res {
        final int id;
        volatile boolean broken;
        volatile boolean destroyed;

        Res(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "Res" + id;
        }
    }

    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger live = new AtomicInteger();
    /** Live resources of every factory sharing it (one per key of a keyed pool): one atomic count, not a sum of reads. */
    private final AtomicInteger sharedLive;
    final AtomicInteger maxLive = new AtomicInteger();
    final AtomicInteger validations = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger createAttempts = new AtomicInteger();
    final List<String> creatorThreads = new CopyOnWriteArrayList<>();
    volatile boolean valid = true;
    volatile boolean failReset;
    volatile Exception createFailure;
    volatile CountDownLatch createGate;

    TestFactory() {
        this(new AtomicInteger());
    }

    TestFactory(AtomicInteger sharedLive) {
        this.sharedLive = sharedLive;
    }

    @Override
    public Res create() throws Exception {
        createAttempts.incrementAndGet();
        creatorThreads.add(Thread.currentThread().getName());
        CountDownLatch gate = createGate;
        if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test gate never opened");
        }
        Exception failure = createFailure;
        if (failure != null) {
            throw failure;
        }
        sharedLive.incrementAndGet();
        int now = live.incrementAndGet();
        maxLive.accumulateAndGet(now, Math::max);
        return new Res(created.incrementAndGet());
    }

    @Override
    public boolean validate(Res resource, Duration timeout) {
        validations.incrementAndGet();
        return valid;
    }

    @Override
    public void reset(Res resource) throws Exception {
        resets.incrementAndGet();
        if (failReset) {
            throw new Exception("reset failed");
        }
    }

    @Override
    public boolean isBroken(Res resource) {
        return resource.broken;
    }

    @Override
    public void destroy(Res resource) {
        resource.destroyed = true;
        live.decrementAndGet();
        sharedLive.decrementAndGet();
    }
}
