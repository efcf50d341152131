package dev.tidepool.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Collects what one pool logs, from every Tidepool logger ({@code dev.tidepool.core},
 * {@code dev.tidepool.jdbc}...): System.Logger goes to java.util.logging by default, and records of
 * those loggers reach the handlers of their parent {@code dev.tidepool}.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    /** Held here: java.util.logging keeps loggers only weakly, and a collected one loses its handlers. */
    private static final Logger TIDEPOOL = Logger.getLogger("dev.tidepool");
    private final String poolName;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String poolName) {
        this.poolName = poolName;
    }

    /** Starts capturing the lines that begin with {@code poolName - }. */
    public static LogCapture of(String poolName) {
        LogCapture c = new LogCapture(poolName);
        TIDEPOOL.addHandler(c);
        return c;
    }

    @Override
    public void publish(LogRecord r) {
        String m = r.getMessage();
        if (m != null && m.startsWith(poolName + " - ")) {
            lines.add(r.getLevel() + " " + m);
        }
    }

    /** The captured lines, each as {@code LEVEL message}. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        TIDEPOOL.removeHandler(this);
    }
}
