package dev.tidepool.cli;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code tidepool} command: {@code tidepool <command> [options]}. Picks the command by its
 * first argument and maps the outcome to an exit code: 0 success, 1 the command failed, 2 the
 * command line was wrong (unknown command or option, bad value).
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final List<Command> commands;

    Main(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /** Every command the CLI offers, in the order {@code --help} lists them. */
    static Main standard() {
        return new Main(List.of(new DemoCommand(), new DoctorCommand()));
    }

    public static void main(String[] args) {
        System.exit(standard().run(Arrays.asList(args), Output.system()));
    }

    int run(List<String> args, Output output) {
        if (args.isEmpty()) {
            output.err().print(usage());
            return USAGE;
        }
        String first = args.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            return help(args.subList(1, args.size()), output);
        }
        if (first.equals("--version") || first.equals("-V") || first.equals("version")) {
            output.out().println("tidepool " + Version.current());
            return OK;
        }
        Command command = find(first);
        if (command == null) {
            return usageError(first.startsWith("-")
                    ? "unknown option '" + first + "': options go after the command, e.g. tidepool demo --help"
                    : "unknown command '" + first + "'; commands: " + commandNames(), "tidepool", output);
        }
        try {
            return command.run(args.subList(1, args.size()), output);
        } catch (UsageException e) {
            return usageError(e.getMessage(), "tidepool " + command.name(), output);
        }
    }

    private int help(List<String> rest, Output output) {
        if (rest.isEmpty()) {
            output.out().print(usage());
            return OK;
        }
        Command command = find(rest.get(0));
        if (command == null) {
            return usageError("unknown command '" + rest.get(0) + "'; commands: " + commandNames(), "tidepool", output);
        }
        output.out().print(command.help());
        return OK;
    }

    private static int usageError(String message, String context, Output output) {
        output.err().println(context + ": " + message);
        output.err().println("Run '" + context + " --help' for usage.");
        return USAGE;
    }

    private Command find(String name) {
        for (Command c : commands) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private String commandNames() {
        return String.join(", ", commands.stream().map(Command::name).toList());
    }

    String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: tidepool <command> [options]\n\n");
        sb.append("Tidepool is a JDBC connection pool; this command shows it at work.\n\n");
        sb.append("Commands:\n");
        for (Command c : commands) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append("\nRun 'tidepool <command> --help' for a command's options, 'tidepool --version' for the version.\n");
        return sb.toString();
    }
}
