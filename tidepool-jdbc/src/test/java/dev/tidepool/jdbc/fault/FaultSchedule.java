package dev.tidepool.jdbc.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The soak's fault plan: which fault fires when and for how long, from a seed, so a run can be
 * repeated. Faults start after a warm-up, come every 8-14 s (fault to fault, plus the fault's own
 * length), and stop {@link #QUIET_END} before the end so the last window of the run shows the pool
 * healthy. One {@link SoakFault#RESTART} per started 10 minutes, the first one halfway into the
 * first 10 minutes (or the run, if shorter); the others are drawn at random.
 */
final class FaultSchedule {
    static final Duration WARM_UP = Duration.ofSeconds(5);
    static final Duration QUIET_END = Duration.ofSeconds(12);
    private static final Duration RESTART_EVERY = Duration.ofMinutes(10);
    private static final SoakFault[] DRAWN = {SoakFault.KILL, SoakFault.RESET, SoakFault.BLACKHOLE, SoakFault.IDLE};

    /** One planned fault: kind, offset from the start of the run, and how long it lasts (0 for an instant one). */
    record Planned(SoakFault kind, Duration at, Duration length) {
    }

    private FaultSchedule() {
    }

    static List<Planned> plan(long seed, Duration run) {
        Random random = new Random(seed);
        long end = run.minus(QUIET_END).toMillis();
        long restartEvery = Math.min(RESTART_EVERY.toMillis(), run.toMillis());
        long nextRestart = restartEvery / 2;
        List<Planned> plan = new ArrayList<>();
        for (long t = WARM_UP.toMillis(); t < end; ) {
            SoakFault kind;
            if (t >= nextRestart) {
                kind = SoakFault.RESTART;
                nextRestart += restartEvery;
            } else {
                kind = DRAWN[random.nextInt(DRAWN.length)];
            }
            long length = switch (kind) {
                case KILL, RESET -> 0;
                case BLACKHOLE -> 1000 + random.nextInt(1500);
                case IDLE -> 4000;
                case RESTART -> 3000;
            };
            plan.add(new Planned(kind, Duration.ofMillis(t), Duration.ofMillis(length)));
            t += length + 8000 + random.nextInt(6000);
        }
        return plan;
    }
}
