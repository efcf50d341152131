package dev.tidepool.dashboard.internal;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.Diagnosis;

import java.util.List;

/**
 * The JSON the API serves for a pool. Every string is data for the page to show as text; none
 * carries markup. No configuration value is written but the pool's name and sizes, so no
 * password or URL parameter can reach a response.
 */
public final class PoolJson {

    /** Events a stream update or pool summary carries; the events endpoint serves all held. */
    static final int RECENT_EVENTS = 20;

    private PoolJson() {
    }

    /** The counts and verdict of one pool (no history, holders or events). */
    public static void summary(Json j, PoolView v, boolean actions, long nowMillis) {
        PoolStats s = v.dataSource().stats();
        j.beginObject();
        j.member("name", v.name());
        j.member("max", v.dataSource().maxSize());
        j.member("timed", v.timed());
        j.member("suspended", v.dataSource().isSuspended());
        j.member("actions", actions);
        j.name("stats").beginObject()
                .member("total", s.total()).member("active", s.active()).member("idle", s.idle())
                .member("waiting", s.waiting()).member("creating", s.creating()).member("created", s.created())
                .member("destroyed", s.destroyed()).member("createFailures", s.createFailures())
                .member("timeouts", s.timeouts())
                .endObject();
        j.name("latest");
        sample(j, v.history().latest());
        j.name("verdict");
        verdict(j, v.lastVerdict(), s.waiting() > 0, nowMillis);
        j.name("connectFailures").beginArray();
        for (ConnectFailures.Tally t : v.connectFailures().tallies()) {
            j.beginObject().member("class", t.failure().name()).member("count", t.count())
                    .member("hint", t.hint()).member("lastMessage", t.lastMessage())
                    .member("lastMillis", t.lastMillis()).endObject();
        }
        j.endArray();
    }

    /** Closes what {@link #summary} opened. */
    public static void end(Json j) {
        j.endObject();
    }

    static void sample(Json j, Sample s) {
        if (s == null) {
            j.value((String) null);
            return;
        }
        j.beginObject().member("time", s.timeMillis()).member("total", s.total()).member("active", s.active())
                .member("idle", s.idle()).member("waiting", s.waiting()).member("creating", s.creating())
                .member("max", s.max()).member("acquiresPerSecond", s.acquiresPerSecond())
                .member("timeoutsPerSecond", s.timeoutsPerSecond()).member("waitP50", s.waitP50())
                .member("waitP99", s.waitP99()).member("useP50", s.useP50()).member("useP99", s.useP99())
                .endObject();
    }

    private static void verdict(Json j, PoolView.Verdict v, boolean waitingNow, long nowMillis) {
        if (v == null) {
            j.value((String) null);
            return;
        }
        Diagnosis d = v.diagnosis();
        j.beginObject().member("kind", d.kind().name()).member("verdict", d.verdict()).member("report", d.text())
                .member("atMillis", v.atMillis()).member("ageMillis", Math.max(0, nowMillis - v.atMillis()))
                .member("current", waitingNow)
                .endObject();
    }

    /** The history as columns, oldest first: what uPlot plots directly. */
    public static void history(Json j, List<Sample> samples) {
        j.beginObject();
        j.name("time").beginArray();
        samples.forEach(s -> j.value(s.timeMillis() / 1000.0));
        j.endArray();
        column(j, "total", samples, Sample::total);
        column(j, "active", samples, Sample::active);
        column(j, "idle", samples, Sample::idle);
        column(j, "waiting", samples, Sample::waiting);
        column(j, "creating", samples, Sample::creating);
        column(j, "max", samples, Sample::max);
        column(j, "acquiresPerSecond", samples, Sample::acquiresPerSecond);
        column(j, "timeoutsPerSecond", samples, Sample::timeoutsPerSecond);
        column(j, "waitP50", samples, Sample::waitP50);
        column(j, "waitP99", samples, Sample::waitP99);
        column(j, "useP50", samples, Sample::useP50);
        column(j, "useP99", samples, Sample::useP99);
        j.endObject();
    }

    private static void column(Json j, String name, List<Sample> samples,
                               java.util.function.ToDoubleFunction<Sample> f) {
        j.name(name).beginArray();
        for (Sample s : samples) {
            double d = f.applyAsDouble(s);
            j.value(d < 0 ? Double.NaN : d); // -1 (no source) plots as a gap, like NaN
        }
        j.endArray();
    }

    public static void holders(Json j, List<HolderRow> rows) {
        j.beginArray();
        for (HolderRow r : rows) {
            j.beginObject().member("thread", r.thread()).member("heldForMillis", r.heldForMillis())
                    .member("inTransaction", r.inTransaction()).member("sinceLastCallMillis", r.sinceLastCallMillis())
                    .member("inJdbcCall", r.inJdbcCall()).member("lastSql", r.lastSql()).member("nowIn", r.nowIn())
                    .member("borrowSite", r.borrowSite()).endObject();
        }
        j.endArray();
    }

    public static void events(Json j, List<Event> events, int max) {
        j.beginArray();
        int n = 0;
        for (Event e : events) {
            if (n++ == max) {
                break;
            }
            j.beginObject().member("time", e.timeMillis()).member("kind", e.kind()).member("text", e.text()).endObject();
        }
        j.endArray();
    }
}
