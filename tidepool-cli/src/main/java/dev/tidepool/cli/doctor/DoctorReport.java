package dev.tidepool.cli.doctor;

import dev.tidepool.cli.doctor.ServerFacts.IdleInTransaction;
import dev.tidepool.cli.doctor.ServerFacts.SessionGroup;
import dev.tidepool.jdbc.ConnectFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The doctor's findings, as terminal text or one JSON object. Holds no password: the URL is
 * masked and messages were masked when the steps wrote them.
 *
 * @param failure the failing step, or null when every step passed
 * @param facts the server survey, or null when the doctor did not log in
 * @param advice the pool size suggestion, or null when the doctor did not log in
 * @param bouncer the PgBouncer in front, or null when there is none (or the doctor did not get that far)
 * @param fleet whether {@code --instances} pools fit the limits, or null when the doctor did not log in
 */
public record DoctorReport(String url, String user, JdbcTarget target, List<Step> steps, Failure failure,
                           ServerFacts facts, PoolSizeAdvice advice, BouncerFacts bouncer, FleetFit fleet) {

    /** Exit code when every step passed. */
    public static final int OK = 0;
    /** Exit code when a step failed: the database cannot be reached or logged into. */
    public static final int CONNECT_FAILED = 3;

    /**
     * The step that failed, the class of the failure, what was said and the fix: the class's own
     * hint unless the step knows better (the SQL Server Browser, SQL Server's TLS options).
     */
    public record Failure(String step, ConnectFailure failureClass, String message, String hint) {
        public Failure(String step, ConnectFailure failureClass, String message) {
            this(step, failureClass, message, failureClass.hint());
        }
    }

    public int exitCode() {
        return failure == null ? OK : CONNECT_FAILED;
    }

    // ---- text -------------------------------------------------------------------------------

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("tidepool doctor: ").append(url).append(user != null ? " as " + user : "").append('\n');
        for (Step step : steps) {
            String mark = switch (step.status()) {
                case OK -> "ok";
                case FAILED -> "FAIL";
                case SKIPPED -> "skip";
            };
            sb.append(String.format(Locale.ROOT, "  [%-4s] %-9s %8s  %s%n", mark, step.name(),
                    step.status() == Step.Status.SKIPPED ? "" : millis(step.nanos()), step.detail()));
        }
        if (failure != null) {
            sb.append('\n').append(failure.failureClass()).append(" at step '").append(failure.step()).append("'\n");
            sb.append("  fix: ").append(failure.hint()).append('\n');
            return sb.toString();
        }
        if (facts != null) {
            serverText(sb);
        }
        if (bouncer != null) {
            FleetText.bouncer(sb, bouncer);
        }
        if (advice != null) {
            sb.append("\nSuggested pool size: maxSize=").append(advice.maxSize()).append('\n');
            for (String line : advice.reasoning()) {
                sb.append("  - ").append(line).append('\n');
            }
        }
        if (fleet != null) {
            FleetText.fleet(sb, fleet);
        }
        return sb.toString();
    }

    private void serverText(StringBuilder sb) {
        sb.append("\nServer\n");
        sb.append("  version            ").append(facts.product()).append(' ').append(facts.version()).append('\n');
        if (facts.maxConnections() != null) {
            sb.append("  connection limit   ").append(facts.maxConnections()).append(" (max_connections)");
            if (facts.reservedConnections() > 0) {
                sb.append(", ").append(facts.reservedConnections()).append(" reserved for superusers/roles");
            }
            sb.append('\n');
        }
        if (facts.userLimit() != null) {
            sb.append("  user limit         ").append(facts.userLimit()).append(" (").append(facts.userLimitSource())
                    .append("), ").append(facts.userSessions()).append(" open now\n");
        }
        if (facts.sessions() != null && !facts.groupColumns().isEmpty()) {
            sb.append("  sessions           ").append(facts.sessionsInUse()).append(" open now, besides the doctor's own")
                    .append(facts.maxConnections() != null ? " (of " + facts.maxConnections() + ")" : "").append('\n');
            List<String> c = facts.groupColumns();
            if (!facts.sessions().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "    %-20s %-28s %-22s %5s%n", c.get(0), c.get(1), c.get(2), "count"));
                for (SessionGroup g : facts.sessions()) {
                    sb.append(String.format(Locale.ROOT, "    %-20s %-28s %-22s %5d%n", cut(g.user(), 20),
                            cut(g.application(), 28), cut(g.state(), 22), g.count()));
                }
            }
        }
        if (facts.idleInTransaction() != null && !facts.groupColumns().isEmpty()) {
            if (facts.idleInTransaction().isEmpty()) {
                sb.append("  idle in transaction: none\n");
            } else {
                sb.append("  idle in transaction (an open transaction holding a connection and locks, doing nothing):\n");
                for (IdleInTransaction g : facts.idleInTransaction()) {
                    sb.append(String.format(Locale.ROOT, "    %-20s %-28s %5d session%s, longest %d s%n", cut(g.user(), 20),
                            cut(g.application(), 28), g.count(), g.count() == 1 ? "" : "s", g.longestSeconds()));
                }
            }
        }
        for (String note : facts.notes()) {
            sb.append("  note: ").append(note).append('\n');
        }
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }

    private static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    // ---- JSON -------------------------------------------------------------------------------

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("url", url);
        root.put("user", user);
        root.put("vendor", target.vendor());
        root.put("host", target.host());
        root.put("port", target.networked() && target.port() > 0 ? target.port() : null); // 0: the SQL Server Browser did not say
        root.put("database", target.database());
        root.put("ok", failure == null);
        root.put("exitCode", exitCode());
        List<Object> stepList = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("status", s.status().name().toLowerCase(Locale.ROOT));
            m.put("millis", Math.round(s.nanos() / 1e4) / 100.0);
            m.put("detail", s.detail());
            stepList.add(m);
        }
        root.put("steps", stepList);
        if (failure != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("step", failure.step());
            f.put("class", failure.failureClass());
            f.put("message", failure.message());
            f.put("hint", failure.hint());
            root.put("failure", f);
        } else {
            root.put("failure", null);
        }
        root.put("server", facts == null ? null : serverJson());
        if (advice != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("maxSize", advice.maxSize());
            a.put("ruleOfThumb", advice.ruleOfThumb());
            a.put("perInstanceBudget", advice.perInstanceBudget());
            a.put("reasoning", advice.reasoning());
            root.put("suggestion", a);
        } else {
            root.put("suggestion", null);
        }
        root.put("pgbouncer", bouncer == null ? null : FleetText.bouncerJson(bouncer));
        root.put("fleet", fleet == null ? null : FleetText.fleetJson(fleet));
        return Json.encode(root);
    }

    private Map<String, Object> serverJson() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("product", facts.product());
        s.put("version", facts.version());
        s.put("maxConnections", facts.maxConnections());
        s.put("reservedConnections", facts.reservedConnections());
        s.put("userLimit", facts.userLimit());
        s.put("userSessions", facts.userSessions());
        s.put("sessionsInUse", facts.sessionsInUse());
        List<String> c = facts.groupColumns();
        if (facts.sessions() == null || c.isEmpty()) {
            s.put("sessions", null);
        } else {
            List<Object> groups = new ArrayList<>();
            for (SessionGroup g : facts.sessions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(c.get(0), g.user());
                m.put(c.get(1), g.application());
                m.put(c.get(2), g.state());
                m.put("count", g.count());
                groups.add(m);
            }
            s.put("sessions", groups);
        }
        if (facts.idleInTransaction() == null || c.isEmpty()) {
            s.put("idleInTransaction", null);
        } else {
            List<Object> groups = new ArrayList<>();
            for (IdleInTransaction g : facts.idleInTransaction()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(c.get(0), g.user());
                m.put(c.get(1), g.application());
                m.put("count", g.count());
                m.put("longestSeconds", g.longestSeconds());
                groups.add(m);
            }
            s.put("idleInTransaction", groups);
        }
        s.put("notes", facts.notes());
        return s;
    }
}
