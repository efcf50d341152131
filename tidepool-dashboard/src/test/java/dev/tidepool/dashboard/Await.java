package dev.tidepool.dashboard;

import java.time.Duration;

/** The dashboard tests' bound for {@code Poll}: the page and the sampler update once a second. */
public final class Await {
    public static final Duration BOUND = Duration.ofSeconds(15);

    private Await() {
    }
}
