package example.builds;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A slow remote service, as the application sees it: {@link #startBuild} signals that it started
 * and then blocks until the test lets it go (the "slow HTTP call" of the incident). Lives outside
 * {@code dev.tidepool} so that its frames count as application code. Issue 5.
 */
public final class JenkinsClient {
    private final CountDownLatch started;
    private final CountDownLatch answer;

    public JenkinsClient(CountDownLatch started, CountDownLatch answer) {
        this.started = started;
        this.answer = answer;
    }

    public void startBuild(int id) throws InterruptedException {
        started.countDown();
        if (!answer.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never answered build " + id);
        }
    }
}
