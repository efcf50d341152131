package dev.tidepool.spring.internal;

import dev.tidepool.jdbc.TidepoolDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.datasource.type} is unset or names {@link TidepoolDataSource}: an
 * application that asks for another type gets it from Spring Boot's own configuration.
 */
public final class OnTidepoolType extends SpringBootCondition {

    static final String TYPE = "spring.datasource.type";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String type = context.getEnvironment().getProperty(TYPE);
        if (type == null || type.isBlank()) {
            return ConditionOutcome.match(TYPE + " is not set");
        }
        if (type.trim().equals(TidepoolDataSource.class.getName())) {
            return ConditionOutcome.match(TYPE + " is " + type.trim());
        }
        return ConditionOutcome.noMatch(TYPE + " is " + type.trim() + ", not " + TidepoolDataSource.class.getName());
    }
}
