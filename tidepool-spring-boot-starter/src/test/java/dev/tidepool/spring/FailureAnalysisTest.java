package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidepool.spring.internal.InvalidPropertiesFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Bad Tidepool properties make Spring Boot's start-up report, not a stack trace. Issue 10. */
class FailureAnalysisTest {

    @Test
    void springBootFindsTheAnalyzer() {
        // analyzers that need constructor arguments from a context fail here; they are not the subject
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                (type, implementationName, failure) -> { }))
                .anyMatch(InvalidPropertiesFailureAnalyzer.class::isInstance);
    }

    @Test
    void theReportIsTidepoolsMessageAndTheActionSaysWhereTheKeysGo() {
        BootLine.runner().withPropertyValues("spring.datasource.url=jdbc:h2:mem:tp_spring_fa",
                "spring.datasource.password=tp-spring-secret", "spring.datasource.tidepool.min-idle=12",
                "spring.datasource.tidepool.max-size=10").run(context -> {
                    FailureAnalysis analysis = new InvalidPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("minIdle (12) must be <= maxSize (10)")
                            .doesNotContain("tp-spring-secret");
                    assertThat(analysis.getAction()).contains("spring.datasource.tidepool.max-size");
                });
    }
}
