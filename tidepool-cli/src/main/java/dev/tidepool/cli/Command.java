package dev.tidepool.cli;

import java.util.List;

/** One subcommand of {@code tidepool}: {@code demo}, later {@code doctor}. */
interface Command {

    /** The word that selects this command: {@code tidepool <name> ...}. */
    String name();

    /** One line for the command list in {@code tidepool --help}. */
    String summary();

    /** The full text of {@code tidepool <name> --help}. */
    String help();

    /**
     * Runs the command with the arguments after its name.
     *
     * @return the process exit code: 0 success, 1 failure
     * @throws UsageException for a bad option or value (exit code 2)
     */
    int run(List<String> args, Output output) throws UsageException;
}
