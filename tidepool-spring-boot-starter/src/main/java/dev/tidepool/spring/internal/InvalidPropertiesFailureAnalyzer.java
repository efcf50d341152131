package dev.tidepool.spring.internal;

import dev.tidepool.spring.InvalidTidepoolPropertiesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns bad Tidepool properties at start-up into Spring Boot's "APPLICATION FAILED TO START"
 * report: Tidepool's problems as the description (each naming its key, value and rule; never
 * the password) and where the keys are spelled as the action, instead of a stack trace.
 */
public final class InvalidPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTidepoolPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidTidepoolPropertiesException cause) {
        String prefix = cause.prefix();
        return new FailureAnalysis(cause.getMessage(),
                "Fix the " + prefix + " properties named above. Tidepool's keys go under " + prefix
                        + ".tidepool.* in kebab-case (maxSize is " + prefix + ".tidepool.max-size); the URL, user and"
                        + " password are " + prefix + ".url, .username and .password. Every key, its default and"
                        + " its rule: the Configuration table of Tidepool's README.", cause);
    }
}
