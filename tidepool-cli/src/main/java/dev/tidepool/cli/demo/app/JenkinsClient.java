package dev.tidepool.cli.demo.app;

import java.time.Duration;

/** The slow remote service of the incident: starting a build takes seconds to answer. */
public final class JenkinsClient {
    private final Duration latency;

    public JenkinsClient(Duration latency) {
        this.latency = latency;
    }

    /** Starts build {@code id} on the CI server: an HTTP call that answers after {@code latency}. */
    public void startBuild(int id) throws InterruptedException {
        Thread.sleep(latency.toMillis()); // the remote call, simulated
    }
}
