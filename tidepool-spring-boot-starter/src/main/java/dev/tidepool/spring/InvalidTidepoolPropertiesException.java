package dev.tidepool.spring;

/**
 * Spring properties that do not make a valid Tidepool configuration. The message is Tidepool's
 * (every problem, each naming its key, the value and the rule; never the password) after a line
 * that says where the keys come from.
 */
public final class InvalidTidepoolPropertiesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String prefix;

    InvalidTidepoolPropertiesException(String prefix, IllegalArgumentException problems) {
        super("Tidepool cannot be configured from " + prefix + ".* (url, username, password, driver-class-name,"
                + " name) and " + prefix + ".tidepool.* (every Tidepool key in kebab-case, e.g. max-size for maxSize): "
                + problems.getMessage(), problems);
        this.prefix = prefix;
    }

    /** The property prefix that was read, e.g. {@code spring.datasource}. */
    public String prefix() {
        return prefix;
    }
}
