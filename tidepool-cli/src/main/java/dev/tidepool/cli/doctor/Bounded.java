package dev.tidepool.cli.doctor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one blocking step (a DNS look-up, a driver connect) on its own daemon thread and gives up
 * waiting after a bound, so the doctor never hangs on a call that has no timeout of its own. A step
 * that overruns is left to finish on its daemon thread; it cannot keep the process alive.
 */
final class Bounded {

    private Bounded() {
    }

    /** The step's result, its own exception, or {@link TimeoutException} after {@code bound}. */
    static <T> T call(String name, Duration bound, Callable<T> step) throws Exception {
        FutureTask<T> task = new FutureTask<>(step);
        Thread thread = new Thread(task, "tidepool-doctor-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new TimeoutException(name + " did not finish within " + bound.toMillis() + " ms");
        }
    }
}
