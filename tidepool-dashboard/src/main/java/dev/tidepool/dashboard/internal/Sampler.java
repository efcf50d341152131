package dev.tidepool.dashboard.internal;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The dashboard's one background thread: once a second it samples every pool, then, if a page
 * has a stream open, builds the update and hands it to the {@link StreamHub}. A failure in one
 * pass is logged and the next pass runs as usual.
 */
public final class Sampler {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.dashboard");

    private final List<PoolView> views;
    private final StreamHub hub;
    private final LongFunction<String> update;
    private final ScheduledExecutorService thread;

    /** @param update builds the stream update at a time (epoch milliseconds) */
    public Sampler(List<PoolView> views, StreamHub hub, LongFunction<String> update, String threadName) {
        this.views = List.copyOf(views);
        this.hub = hub;
        this.update = update;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.execute(() -> pass(System.currentTimeMillis()));
        thread.scheduleAtFixedRate(() -> pass(System.currentTimeMillis()), 1, 1, TimeUnit.SECONDS);
    }

    /** One pass at {@code nowMillis}: also what a test calls to sample without waiting. */
    void pass(long nowMillis) {
        try {
            for (PoolView v : views) {
                v.sample(nowMillis);
            }
            if (hub.hasStreams()) {
                hub.publish(update.apply(nowMillis));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dashboard sampling failed; the next pass runs in 1 s", e);
        }
    }

    /** Stops the thread, waiting at most {@code maxMillis} for a pass under way. */
    public boolean stop(long maxMillis) throws InterruptedException {
        thread.shutdownNow();
        return thread.awaitTermination(maxMillis, TimeUnit.MILLISECONDS);
    }
}
