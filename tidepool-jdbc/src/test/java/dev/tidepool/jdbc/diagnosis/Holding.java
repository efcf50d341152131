package dev.tidepool.jdbc.diagnosis;

import example.builds.BuildService;
import example.builds.JenkinsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Threads that run {@link BuildService#build} (or its auto-commit twin) and stay inside the slow
 * remote call until {@link #close()}: the incident, on demand. {@link #start} returns once every
 * thread is inside {@code JenkinsClient.startBuild}, holding its connection.
 */
final class Holding implements AutoCloseable {
    private final CountDownLatch answer = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    static Holding start(DataSource ds, String table, int n, boolean inTransaction) throws InterruptedException {
        Holding h = new Holding();
        CountDownLatch started = new CountDownLatch(n);
        BuildService service = new BuildService(ds, new JenkinsClient(started, h.answer), table);
        for (int i = 1; i <= n; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try {
                    if (inTransaction) {
                        service.build(id);
                    } else {
                        service.buildAutoCommit(id);
                    }
                } catch (Exception | AssertionError e) {
                    h.failures.add(e);
                    started.countDown();
                }
            }, "build-" + i);
            t.setDaemon(true);
            h.threads.add(t);
            t.start();
        }
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the holders did not all start within 10 s");
        }
        if (!h.failures.isEmpty()) {
            throw new AssertionError("a holder failed", h.failures.get(0));
        }
        return h;
    }

    /** Lets the remote calls answer and waits (bounded) for the holders to commit and return. */
    @Override
    public void close() throws InterruptedException {
        answer.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a holder failed", failures.get(0));
        }
    }
}
