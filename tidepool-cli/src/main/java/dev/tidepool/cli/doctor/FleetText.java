package dev.tidepool.cli.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The PgBouncer and Fleet parts of the doctor's report, as text and as JSON values. */
final class FleetText {

    private FleetText() {
    }

    static void bouncer(StringBuilder sb, BouncerFacts b) {
        sb.append("\nPgBouncer\n");
        sb.append("  detected           backend key ").append(b.backendKey()).append(" is not the server's pg_backend_pid() ")
                .append(b.serverPid()).append(": a connection pooler answers on this port\n");
        if (!b.console()) {
            sb.append("  admin console      not available to ").append(b.consoleUser()).append(" (").append(b.consoleProblem())
                    .append("): the pool mode and limits are unknown; pass --admin-user with a user listed in the")
                    .append(" bouncer's admin_users or stats_users\n");
            return;
        }
        sb.append("  version            ").append(b.version()).append('\n');
        sb.append("  pool mode          ").append(b.poolMode()).append(modeNote(b)).append('\n');
        sb.append("  limits             ").append(b.poolSizeSource()).append(' ').append(b.poolSize())
                .append(", reserve_pool_size ").append(orNone(b.reservePoolSize()))
                .append(", max_client_conn ").append(orNone(b.maxClientConn()))
                .append(", max_db_connections ").append(orNone(b.maxDbConnections()))
                .append(", max_user_connections ").append(orNone(b.maxUserConnections())).append('\n');
        sb.append("  open now           ").append(b.clients()).append(" client connections, ").append(b.serverConnections())
                .append(" server connections for this database\n");
    }

    private static String modeNote(BouncerFacts b) {
        if (b.sessionMode()) {
            return " (a client keeps its server connection: session state works, pools share the bouncer's pool size)";
        }
        return " (a server connection per transaction: Tidepool's pgbouncer=auto sets prepareThreshold=0, sends no"
                + " DISCARD ALL and warns about session-scoped SQL)";
    }

    private static String orNone(Integer v) {
        return v == null ? "?" : v == 0 ? "0 (none)" : String.valueOf(v);
    }

    static void fleet(StringBuilder sb, FleetFit f) {
        sb.append(String.format(Locale.ROOT, "%nFleet: %d instance%s x maxSize %d (%s) = %d connections%n",
                f.instances(), f.instances() == 1 ? "" : "s", f.poolSize(), f.poolSizeSource(), f.total()));
        for (FleetFit.Check c : f.checks()) {
            String mark = c.ok() == null ? "?" : c.ok() ? "ok" : "FAIL";
            sb.append(String.format(Locale.ROOT, "  [%-4s] %-28s %s%n", mark, c.name(), c.detail()));
        }
        sb.append("  verdict: ").append(f.fits() == null ? "unknown (a limit is unknown)"
                : f.fits() ? "fits" : "does not fit").append('\n');
        for (String change : f.changes()) {
            sb.append("  change: ").append(change).append('\n');
        }
    }

    static Map<String, Object> bouncerJson(BouncerFacts b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backendKey", b.backendKey());
        m.put("serverPid", b.serverPid());
        m.put("console", b.console());
        m.put("consoleUser", b.consoleUser());
        m.put("consoleProblem", b.consoleProblem());
        m.put("version", b.version());
        m.put("poolMode", b.poolMode());
        m.put("poolSize", b.poolSize());
        m.put("poolSizeSource", b.poolSizeSource());
        m.put("reservePoolSize", b.reservePoolSize());
        m.put("maxClientConn", b.maxClientConn());
        m.put("maxDbConnections", b.maxDbConnections());
        m.put("maxUserConnections", b.maxUserConnections());
        m.put("clients", b.clients());
        m.put("serverConnections", b.serverConnections());
        return m;
    }

    static Map<String, Object> fleetJson(FleetFit f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instances", f.instances());
        m.put("poolSize", f.poolSize());
        m.put("poolSizeSource", f.poolSizeSource());
        m.put("total", f.total());
        List<Object> checks = new ArrayList<>();
        for (FleetFit.Check c : f.checks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("ok", c.ok());
            cm.put("detail", c.detail());
            checks.add(cm);
        }
        m.put("checks", checks);
        m.put("fits", f.fits());
        m.put("changes", f.changes());
        return m;
    }
}
