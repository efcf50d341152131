package dev.tidepool.jdbc.internal;

import dev.tidepool.core.PoolListener;
import dev.tidepool.core.internal.ListenerHub;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.SessionAttribute;
import dev.tidepool.jdbc.TidepoolListener;

/**
 * Sends the JDBC layer's own events to every {@link TidepoolListener} attached to a pool's
 * {@link ListenerHub} (plain {@link PoolListener}s do not hear them). Each call reads the hub's
 * array once; these events are rare (warnings, failures) or come after a round trip (resets).
 */
public final class JdbcEvents implements TidepoolListener {
    private final ListenerHub hub;

    public JdbcEvents(ListenerHub hub) {
        this.hub = hub;
        hub.add(new ConnectFailureRelay(this));
    }

    /** Whether any TidepoolListener is attached: callers skip building events nobody hears. */
    public boolean heard() {
        for (PoolListener l : hub.current()) {
            if (l instanceof TidepoolListener) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean wantsTimings() {
        return false;
    }

    @Override
    public void idleInTransaction(ConnectionHolder holder, StackTraceElement[] stackNow) {
        for (PoolListener l : hub.current()) {
            if (l instanceof TidepoolListener) {
                try {
                    ((TidepoolListener) l).idleInTransaction(holder, stackNow);
                } catch (RuntimeException e) {
                    hub.failed(l, e);
                }
            }
        }
    }

    @Override
    public void connectionAbandoned(ConnectionHolder holder) {
        for (PoolListener l : hub.current()) {
            if (l instanceof TidepoolListener) {
                try {
                    ((TidepoolListener) l).connectionAbandoned(holder);
                } catch (RuntimeException e) {
                    hub.failed(l, e);
                }
            }
        }
    }

    @Override
    public void connectFailed(ConnectFailure failure) {
        for (PoolListener l : hub.current()) {
            if (l instanceof TidepoolListener) {
                try {
                    ((TidepoolListener) l).connectFailed(failure);
                } catch (RuntimeException e) {
                    hub.failed(l, e);
                }
            }
        }
    }

    @Override
    public void attributeReset(SessionAttribute attribute) {
        for (PoolListener l : hub.current()) {
            if (l instanceof TidepoolListener) {
                try {
                    ((TidepoolListener) l).attributeReset(attribute);
                } catch (RuntimeException e) {
                    hub.failed(l, e);
                }
            }
        }
    }

    /** Classifies each failed creation once, for the TidepoolListeners ({@link #connectFailed}). */
    private static final class ConnectFailureRelay implements PoolListener {
        private final JdbcEvents events;

        ConnectFailureRelay(JdbcEvents events) {
            this.events = events;
        }

        @Override
        public boolean wantsTimings() {
            return false;
        }

        @Override
        public void createFailed(Throwable cause) {
            if (events.heard()) {
                events.connectFailed(ConnectFailureClassifier.classify(cause));
            }
        }

        @Override
        public String toString() {
            return "ConnectFailureRelay";
        }
    }
}
