package dev.tidepool.cli;

/**
 * One option of a command: {@code --name <value>}, with its default (as the user would type it)
 * and a one-line description for {@code --help}.
 */
record OptionSpec(String name, String valueName, String defaultText, String description) {

    OptionSpec {
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("option name must start with --: " + name);
        }
    }

    /** The line {@code --help} prints for this option. */
    String helpLine() {
        String left = name + " <" + valueName + ">";
        return String.format("  %-24s %s (default %s)", left, description, defaultText);
    }
}
