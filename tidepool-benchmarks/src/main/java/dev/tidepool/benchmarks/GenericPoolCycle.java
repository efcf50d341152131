package dev.tidepool.benchmarks;

import dev.tidepool.core.Lease;
import dev.tidepool.core.Pool;
import dev.tidepool.core.ResourceFactory;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import stormpot.BasePoolable;
import stormpot.Allocator;
import stormpot.PoolTap;
import stormpot.Slot;
import stormpot.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Acquire and release of a zero-cost object: Tidepool's generic {@code Pool<T>} against
 * commons-pool2's {@code GenericObjectPool} and stormpot (its plain {@code claim} and its
 * recommended thread-local tap). Pool of {@link StubPoolState#POOL_SIZE}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GenericPoolCycle {

    /** One pool of zero-cost objects. */
    @State(Scope.Benchmark)
    public static class PoolState {

        @Param({"tidepool", "commons-pool2", "stormpot", "stormpot-tap"})
        public String pool;

        Cycler cycler;

        @Setup(Level.Trial)
        public void start() throws Exception {
            cycler = switch (pool) {
                case "tidepool" -> new TidepoolCycler(StubPoolState.POOL_SIZE);
                case "commons-pool2" -> new CommonsPool2Cycler(StubPoolState.POOL_SIZE);
                case "stormpot" -> new StormpotCycler(StubPoolState.POOL_SIZE, false);
                case "stormpot-tap" -> new StormpotCycler(StubPoolState.POOL_SIZE, true);
                default -> throw new IllegalArgumentException("unknown generic pool '" + pool + "'");
            };
            for (int i = 0; i < 100; i++) {
                cycler.cycle();
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            cycler.close();
        }
    }

    @Benchmark
    public Object cycle(PoolState state) throws Exception {
        return state.cycler.cycle();
    }

    /** Acquires one object and releases it again. */
    interface Cycler extends AutoCloseable {
        Object cycle() throws Exception;
    }

    static final class TidepoolCycler implements Cycler {
        private final Pool<Object> pool;

        TidepoolCycler(int size) {
            ResourceFactory<Object> factory = Object::new;
            pool = Pool.builder(factory).name("bench-generic").maxSize(size).minIdle(size)
                    .acquireTimeout(Duration.ofSeconds(30)).build();
        }

        @Override
        public Object cycle() throws Exception {
            Lease<Object> lease = pool.acquire();
            Object value = lease.get();
            lease.close();
            return value;
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    static final class CommonsPool2Cycler implements Cycler {
        private final GenericObjectPool<Object> pool;

        CommonsPool2Cycler(int size) throws Exception {
            GenericObjectPoolConfig<Object> config = new GenericObjectPoolConfig<>();
            config.setMaxTotal(size);
            config.setMaxIdle(size);
            config.setMinIdle(size);
            config.setMaxWait(Duration.ofSeconds(30));
            config.setJmxEnabled(false);
            pool = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
                @Override
                public Object create() {
                    return new Object();
                }

                @Override
                public PooledObject<Object> wrap(Object obj) {
                    return new DefaultPooledObject<>(obj);
                }
            }, config);
            pool.preparePool();
        }

        @Override
        public Object cycle() throws Exception {
            Object value = pool.borrowObject();
            pool.returnObject(value);
            return value;
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    static final class StormpotCycler implements Cycler {
        private static final Timeout TIMEOUT = new Timeout(30, TimeUnit.SECONDS);
        private final stormpot.Pool<Item> pool;
        private final PoolTap<Item> tap;

        StormpotCycler(int size, boolean threadLocalTap) {
            pool = stormpot.Pool.from(new ItemAllocator()).setSize(size).build();
            tap = threadLocalTap ? pool.getThreadLocalTap() : pool;
        }

        @Override
        public Object cycle() throws Exception {
            Item item = tap.claim(TIMEOUT);
            item.release();
            return item;
        }

        @Override
        public void close() throws Exception {
            pool.shutdown().await(TIMEOUT);
        }
    }

    static final class Item extends BasePoolable {
        Item(Slot slot) {
            super(slot);
        }
    }

    static final class ItemAllocator implements Allocator<Item> {
        @Override
        public Item allocate(Slot slot) {
            return new Item(slot);
        }

        @Override
        public void deallocate(Item poolable) {
        }
    }
}
