package dev.tidepool.cli;

/**
 * The command line is wrong: an unknown command or option, a missing or bad value. The message
 * names what was given and what to write instead; {@link Main} prints it and exits with 2.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
