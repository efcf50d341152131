package dev.tidepool.dashboard.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #CAPACITY} events of one pool. Each text is cut to {@link #MAX_TEXT}
 * characters, so the log holds at most about 200 x 500 characters (~200 KB) per pool.
 */
public final class EventLog {

    public static final int CAPACITY = 200;
    public static final int MAX_TEXT = 500;

    private final ArrayDeque<Event> events = new ArrayDeque<>(CAPACITY);

    public synchronized void add(long timeMillis, String kind, String text) {
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 3) + "..." : text;
        if (events.size() == CAPACITY) {
            events.removeFirst();
        }
        events.addLast(new Event(timeMillis, kind, t));
    }

    /** The events held, newest first. */
    public synchronized List<Event> newestFirst() {
        List<Event> result = new ArrayList<>(events);
        java.util.Collections.reverse(result);
        return result;
    }
}
