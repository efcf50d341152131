package dev.tidepool.jdbc.internal;

import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolListeners;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.SessionAttribute;
import dev.tidepool.jdbc.TidepoolListener;

import java.util.List;

/**
 * Sends the JDBC layer's own events to every {@link TidepoolListener} attached to a pool's
 * {@link PoolListeners} (plain {@link PoolListener}s do not hear them). Each call reads the
 * snapshot once and loops by index (no iterator); these events are rare (warnings, failures) or
 * come after a round trip (resets).
 */
public final class JdbcEvents implements TidepoolListener {
    private final PoolListeners hub;

    public JdbcEvents(PoolListeners hub) {
        this.hub = hub;
        hub.add(new ConnectFailureRelay(this));
    }

    /** Whether any TidepoolListener is attached: callers skip building events nobody hears. */
    public boolean heard() {
        List<PoolListener> ls = hub.attached();
        for (int i = 0; i < ls.size(); i++) {
            if (ls.get(i) instanceof TidepoolListener) {
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
        List<PoolListener> ls = hub.attached();
        for (int i = 0; i < ls.size(); i++) {
            PoolListener l = ls.get(i);
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
        List<PoolListener> ls = hub.attached();
        for (int i = 0; i < ls.size(); i++) {
            PoolListener l = ls.get(i);
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
        List<PoolListener> ls = hub.attached();
        for (int i = 0; i < ls.size(); i++) {
            PoolListener l = ls.get(i);
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
        List<PoolListener> ls = hub.attached();
        for (int i = 0; i < ls.size(); i++) {
            PoolListener l = ls.get(i);
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
