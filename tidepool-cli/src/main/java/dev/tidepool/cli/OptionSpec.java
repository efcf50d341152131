package dev.tidepool.cli;

/**
 * One option of a command: {@code --name <value>}, with its default (as the user would type it, or
 * a {@code (...)} placeholder for "not given"), a one-line description for {@code --help}, and what
 * the help says about the default ({@code defaultHelp}, null to say nothing: the description says
 * it, or there is none worth naming); or a flag ({@link #flag}), {@code --name} alone, whose value
 * is {@code "true"} when given and {@code "false"} when not.
 */
record OptionSpec(String name, String valueName, String defaultText, String description, String defaultHelp) {

    OptionSpec {
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("option name must start with --: " + name);
        }
        if (valueName != null && defaultHelp == null && !defaultText.startsWith("(") && !description.contains("the default")) {
            // a real default the help would hide: every default a user can type is shown
            throw new IllegalArgumentException(name + ": the help must name its default " + defaultText);
        }
    }

    /** An option whose default is a value the user could type: the help shows {@code (default 10s)}. */
    OptionSpec(String name, String valueName, String defaultText, String description) {
        this(name, valueName, defaultText, description, "default " + defaultText);
    }

    /** An option that takes no value: given or not. */
    static OptionSpec flag(String name, String description) {
        return new OptionSpec(name, null, "false", description, null);
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
        return String.format("  %-24s %s%s", left, description, defaultHelp == null ? "" : " (" + defaultHelp + ")");
    }
}
