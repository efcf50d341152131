package dev.tidepool.cli;

import dev.tidepool.cli.doctor.Doctor;
import dev.tidepool.cli.doctor.DoctorReport;
import dev.tidepool.cli.doctor.DriverLogs;
import dev.tidepool.cli.doctor.JdbcTarget;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code tidepool doctor <jdbcUrl> [--user U] [--password-env VAR] [--json]}: checks a database
 * connection step by step (see {@link Doctor}) and prints what it found. Exit codes: 0 every step
 * passed, 3 a step failed (the class of the failure and its fix are printed), 2 the command line
 * is wrong. The password is read from an environment variable, never from the command line, and is
 * never printed.
 */
final class DoctorCommand implements Command {

    static final String JSON_FLAG = "--json";
    static final List<OptionSpec> SPECS = List.of(
            new OptionSpec("--user", "name", "(none)", "the user to log in as (else the driver's default)", null),
            new OptionSpec("--password-env", "VAR", "(none)", "read the password from this environment variable", null),
            new OptionSpec("--instances", "n", "1", "application instances that will share the server's connections"),
            new OptionSpec("--db-cores", "n", "(this machine's)", "cores of the database server, for the pool size rule",
                    "default: as many as this machine has"),
            new OptionSpec("--timeout", "duration", "5s", "bound on each step: resolve, TCP connect, login, query"),
            new OptionSpec("--pool-size", "n", "(the suggestion)", "the maxSize each instance will use, for the fleet check",
                    "default: the suggested size"),
            new OptionSpec("--admin-user", "name", "(--user)", "PgBouncer admin console user (admin_users or stats_users)",
                    "default: the --user"),
            new OptionSpec("--admin-password-env", "VAR", "(none)", "read the console user's password from this variable", null),
            new OptionSpec("--browser-port", "port", "1434", "SQL Server Browser UDP port, asked for a named instance's port"));
    private static final Set<String> VALUE_OPTIONS = Set.of("--user", "--password-env", "--instances", "--db-cores",
            "--timeout", "--pool-size", "--admin-user", "--admin-password-env", "--browser-port");

    private final UnaryOperator<String> environment;

    DoctorCommand() {
        this(System::getenv);
    }

    /** @param environment looks up environment variables (tests pass a map) */
    DoctorCommand(UnaryOperator<String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Runs {@code tidepool doctor} in-process with these arguments (after the word doctor). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return new Main(List.of(new DoctorCommand())).run(prepend("doctor", args), new Output(out, err, false));
    }

    private static List<String> prepend(String first, String[] rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(rest));
        return all;
    }

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "check a database connection step by step and suggest a pool size";
    }

    @Override
    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: tidepool doctor <jdbcUrl> [options]\n\n");
        sb.append("Walks the connection like a DBA: parses the URL, resolves the host, opens a TCP connection\n");
        sb.append("to the port, connects and logs in with the driver, runs a validation query; then reports the\n");
        sb.append("server version, its connection limit, current sessions by user and application, sessions\n");
        sb.append("idle in transaction, and a suggested pool size with the reasoning. It stops at the first\n");
        sb.append("step that fails and prints the failure's class (UNKNOWN_HOST, REFUSED, TIMEOUT, AUTH_FAILED,\n");
        sb.append("DATABASE_NOT_FOUND, SERVER_FULL, TLS, OTHER) and the fix. Behind PgBouncer it says so, reads its\n");
        sb.append("mode and limits from the admin console (--admin-user) and sizes against them; --instances N\n");
        sb.append("says whether N instances of the pool fit the server's or the bouncer's limits, and what to change.\n");
        sb.append("URLs understood: jdbc:postgresql://, jdbc:mariadb://, jdbc:mysql://, jdbc:h2:tcp://, and\n");
        sb.append("jdbc:sqlserver://host[\\instance][:port];databaseName=db (a named instance without a port: the\n");
        sb.append("SQL Server Browser is asked for it, on UDP --browser-port); for others\n");
        sb.append("the driver connects directly.\n\n");
        sb.append("Exit codes: 0 all steps passed, 3 a step failed, 2 the command line is wrong.\n\n");
        sb.append("Options:\n");
        for (OptionSpec spec : SPECS) {
            sb.append(spec.helpLine()).append('\n');
        }
        sb.append(String.format("  %-24s %s%n", JSON_FLAG, "print one JSON object instead of text"));
        sb.append("  -h, --help               show this help\n\n");
        sb.append("Example:\n");
        sb.append("  PGPASSWORD=... tidepool doctor jdbc:postgresql://db:5432/orders --user app --password-env PGPASSWORD\n");
        sb.append("  MSSQL_PW=... tidepool doctor 'jdbc:sqlserver://db\\SQLEXPRESS;databaseName=orders' --user app"
                + " --password-env MSSQL_PW\n");
        return sb.toString();
    }

    @Override
    public int run(List<String> args, Output output) throws UsageException {
        String url = null;
        boolean json = false;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(JSON_FLAG)) {
                json = true;
            } else if (VALUE_OPTIONS.contains(arg) && i + 1 < args.size()) {
                options.add(arg);
                options.add(args.get(++i));
            } else if (arg.startsWith("-")) {
                if (arg.indexOf('=') < 0) {
                    // an unknown option fails here, before its value could be taken for the URL
                    new CommandLine("tidepool doctor", SPECS).parse(List.of(arg));
                }
                options.add(arg);
            } else if (url == null) {
                url = arg;
            } else {
                throw new UsageException("unexpected argument '" + arg + "': give one JDBC URL, then options");
            }
        }
        CommandLine.Parsed parsed = new CommandLine("tidepool doctor", SPECS).parse(options);
        if (parsed.helpRequested()) {
            output.out().print(help());
            return Main.OK;
        }
        if (url == null) {
            throw new UsageException("missing the JDBC URL, e.g. tidepool doctor jdbc:postgresql://127.0.0.1:5432/mydb"
                    + " --user app --password-env PGPASSWORD");
        }
        JdbcTarget target;
        try {
            target = JdbcTarget.parse(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Doctor.Options doctorOptions = new Doctor.Options(url, given(parsed.value("--user")),
                password(given(parsed.value("--password-env"))),
                OptionValues.intInRange("--instances", parsed.value("--instances"), 1, 100_000, "4"),
                dbCores(given(parsed.value("--db-cores"))),
                OptionValues.duration("--timeout", parsed.value("--timeout"), Duration.ofMillis(100),
                        Duration.ofMinutes(5), "10s"),
                given(parsed.value("--admin-user")), password(given(parsed.value("--admin-password-env"))),
                poolSize(given(parsed.value("--pool-size"))),
                OptionValues.intInRange("--browser-port", parsed.value("--browser-port"), 1, 65535, "1434"));
        DriverLogs.silence(); // before the driver's first connection: it picks its logger then
        DoctorReport report = Doctor.examine(doctorOptions, target);
        if (json) {
            output.out().println(report.json());
        } else {
            output.out().print(report.text());
        }
        return report.exitCode();
    }

    /** The option's value, or null when it kept its "(...)" placeholder default. */
    private static String given(String value) {
        return value.startsWith("(") ? null : value;
    }

    private String password(String variable) throws UsageException {
        if (variable == null) {
            return null;
        }
        String value = environment.apply(variable);
        if (value == null) {
            throw new UsageException("--password-env " + variable + ": the environment variable " + variable
                    + " is not set; export it first, e.g. read -s " + variable + " && export " + variable);
        }
        return value;
    }

    private static Integer poolSize(String text) throws UsageException {
        return text == null ? null : OptionValues.intInRange("--pool-size", text, 1, 100_000, "10");
    }

    private static Integer dbCores(String text) throws UsageException {
        return text == null ? null : OptionValues.intInRange("--db-cores", text, 1, 4096, "8");
    }
}
