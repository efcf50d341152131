package dev.tidepool.jdbc.diagnosis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Collects what the pool logs (System.Logger goes to java.util.logging by default) from one pool. */
final class LogCapture extends Handler implements AutoCloseable {
    private static final Logger JDBC = Logger.getLogger("dev.tidepool.jdbc");
    private final String poolName;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String poolName) {
        this.poolName = poolName;
    }

    static LogCapture of(String poolName) {
        LogCapture c = new LogCapture(poolName);
        JDBC.addHandler(c);
        return c;
    }

    @Override
    public void publish(LogRecord r) {
        String m = r.getMessage();
        if (m != null && m.startsWith(poolName + " - ")) {
            lines.add(r.getLevel() + " " + m);
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        JDBC.removeHandler(this);
    }
}
