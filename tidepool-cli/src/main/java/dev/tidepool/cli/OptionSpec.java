package dev.tidepool.cli;

/**
 * One option of a command: {@code --name <value>}, with its default (as the user would type it)
 * and a one-line description for {@code --help}; or a flag ({@link #flag}), {@code --name}
 * alone, whose value is {@code "true"} when given and {@code "false"} when not.
 */
record OptionSpec(String name, String valueName, String defaultText, String description) {

    OptionSpec {
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("option name must start with --: " + name);
        }
    }

    /** An option that takes no value: given or not. */
    static OptionSpec flag(String name, String description) {
        return new OptionSpec(name, null, "false", description);
    }

    boolean isFlag() {
        return valueName == null;
    }

    /** The line {@code --help} prints for this option. */
    String helpLine() {
        if (isFlag()) {
            return String.format("  %-24s %s", name, description);
        }
        String left = name + " <" + valueName + ">";
        return String.format("  %-24s %s (default %s)", left, description, defaultText);
    }
}
