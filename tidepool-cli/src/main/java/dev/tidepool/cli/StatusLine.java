package dev.tidepool.cli;

import java.io.PrintStream;

/**
 * A status that updates in place: on a terminal each update redraws one line with {@code \r}
 * (padding over the previous text); elsewhere each update is a line of its own, so logs and
 * pipes read cleanly.
 */
final class StatusLine {

    private final PrintStream out;
    private final boolean terminal;
    private int lastLength;

    StatusLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void update(String text) {
        if (terminal) {
            int pad = Math.max(0, lastLength - text.length());
            out.print("\r" + text + " ".repeat(pad));
            lastLength = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Ends the line in place, so what follows starts on a fresh line. */
    void finish() {
        if (terminal && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        out.flush();
    }
}
