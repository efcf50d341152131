package dev.tidepool.cli;

import java.io.PrintStream;

/**
 * Where a command writes: results to {@code out}, problems to {@code err}. {@code terminal} is
 * true when {@code out} is an interactive terminal, so a status line may redraw itself with
 * {@code \r}; otherwise every update is a plain line (logs, pipes, tests).
 */
record Output(PrintStream out, PrintStream err, boolean terminal) {

    /** The process's own streams; a terminal when {@link System#console()} exists. */
    static Output system() {
        return new Output(System.out, System.err, System.console() != null);
    }
}
