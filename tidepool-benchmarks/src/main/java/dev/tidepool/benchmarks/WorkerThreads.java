package dev.tidepool.benchmarks;

import java.lang.reflect.Method;

/**
 * Makes the harness's worker threads: platform threads, or virtual threads on JDK 21+. The
 * benchmarks compile for release 17, so virtual threads are reached through
 * {@code Thread.ofVirtual()} by reflection, once per run.
 */
@FunctionalInterface
interface WorkerThreads {

    Thread unstarted(String name, Runnable work);

    static WorkerThreads of(boolean virtual) {
        if (!virtual) {
            return (name, work) -> new Thread(work, name);
        }
        Object builder;
        Method name;
        Method unstarted;
        try {
            builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            name = builderType.getMethod("name", String.class);
            unstarted = builderType.getMethod("unstarted", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--virtual-threads needs JDK 21 or later; this is "
                    + Runtime.version(), e);
        }
        return (threadName, work) -> {
            try {
                // Thread.Builder is not thread-safe; the harness starts its workers from one thread.
                return (Thread) unstarted.invoke(name.invoke(builder, threadName), work);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot start a virtual thread", e);
            }
        };
    }
}
