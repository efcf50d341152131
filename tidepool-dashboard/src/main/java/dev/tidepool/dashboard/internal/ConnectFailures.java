package dev.tidepool.dashboard.internal;

import dev.tidepool.jdbc.ConnectFailure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Failed connection attempts of one pool by class ({@link ConnectFailure}), each with the last
 * message (already cleaned of passwords by the pool) and the class's fix. The class is read
 * from the pool's own description of the last failure, which starts with it
 * ({@code "REFUSED: ... — check the port ..."}).
 */
public final class ConnectFailures {

    /** One class's tally. */
    public record Tally(ConnectFailure failure, long count, String lastMessage, long lastMillis) {
        public String hint() {
            return failure.hint();
        }
    }

    private final Map<ConnectFailure, Tally> byClass = new EnumMap<>(ConnectFailure.class);

    public synchronized void add(String description, long attempts, long nowMillis) {
        ConnectFailure f = classOf(description);
        Tally t = byClass.get(f);
        byClass.put(f, new Tally(f, (t == null ? 0 : t.count()) + attempts, description, nowMillis));
    }

    public synchronized List<Tally> tallies() {
        return new ArrayList<>(byClass.values());
    }

    static ConnectFailure classOf(String description) {
        if (description != null) {
            int colon = description.indexOf(':');
            if (colon > 0) {
                String prefix = description.substring(0, colon).strip();
                for (ConnectFailure f : ConnectFailure.values()) {
                    if (f.name().equals(prefix)) {
                        return f;
                    }
                }
            }
        }
        return ConnectFailure.OTHER;
    }
}
