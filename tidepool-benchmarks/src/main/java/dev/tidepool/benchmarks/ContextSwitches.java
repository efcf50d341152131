package dev.tidepool.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's context switches so far, from Linux's {@code /proc/stat}. Each park and wake-up
 * a pool causes costs two of them, so on a 2-core machine shared with the database, switches per
 * operation are the cost of a pool's waiting strategy made visible.
 */
final class ContextSwitches {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private ContextSwitches() {
    }

    /** Context switches since boot on every CPU, or -1 where /proc/stat is missing (not Linux). */
    static long machineTotal() {
        try {
            for (String line : Files.readAllLines(PROC_STAT)) {
                if (line.startsWith("ctxt ")) {
                    return Long.parseLong(line.substring(5).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a format we do not know: the report shows "—"
        }
        return -1;
    }
}
