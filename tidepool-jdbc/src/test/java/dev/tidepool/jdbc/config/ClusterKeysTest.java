package dev.tidepool.jdbc.config;

import static dev.tidepool.jdbc.config.ConfigTestSupport.failure;
import static dev.tidepool.jdbc.config.ConfigTestSupport.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tidepool.jdbc.TargetServerType;
import dev.tidepool.jdbc.TidepoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keys of pools over several hosts (issue 12): hosts and targetServerType. */
class ClusterKeysTest {

    @ParameterizedTest
    @CsvSource({"primary, PRIMARY", "STANDBY, STANDBY", "preferStandby, PREFER_STANDBY", " preferstandby , PREFER_STANDBY",
        "any, ANY"})
    void targetServerTypeIsReadInAnyCase(String text, TargetServerType type) {
        assertEquals(type, TidepoolConfig.fromProperties(props("jdbcUrl", "jdbc:postgresql://a,b/db",
                "targetServerType", text)).targetServerType());
    }

    @Test
    void aBadTargetServerTypeNamesTheChoices() {
        assertEquals("targetServerType ('master') must be primary, standby, preferStandby or any",
                failure(props("jdbcUrl", "jdbc:postgresql://a,b/db", "targetServerType", "master")));
    }

    @Test
    void theDefaultTargetIsThePrimaryAndAReadOnlyPoolPrefersStandbys() {
        TidepoolConfig plain = TidepoolConfig.builder().jdbcUrl("jdbc:postgresql://a,b/db").build();
        assertNull(plain.targetServerType());
        assertEquals(TargetServerType.PRIMARY, plain.effectiveTargetServerType());
        assertEquals(TargetServerType.PREFER_STANDBY, plain.toBuilder().readOnly(true).build().effectiveTargetServerType());
        assertEquals(TargetServerType.ANY, plain.toBuilder().readOnly(true).targetServerType(TargetServerType.ANY).build()
                .effectiveTargetServerType());
    }

    @Test
    void hostsAreValidatedWhenTheConfigurationIsBuilt() {
        assertEquals("hosts ('') must not be blank: leave it unset for the jdbcUrl's hosts", // values are trimmed
                failure(props("jdbcUrl", "jdbc:postgresql://a/db", "hosts", "  ")));
        assertEquals("hosts ('a:0'): port '0' must be a number from 1 to 65535",
                failure(props("jdbcUrl", "jdbc:postgresql://a/db", "hosts", "a:0")));
        assertEquals("jdbcUrl ('a:5432,') has an empty host: write host:port[,host:port...]",
                failure(props("jdbcUrl", "jdbc:postgresql://a:5432,/db")));
        assertEquals("hosts ('a,b') needs a jdbcUrl of the form jdbc:<driver>://host:port/database to put the hosts in"
                + " (a URL without '//' names no host)", failure(props("jdbcUrl", "jdbc:h2:mem:x", "hosts", "a,b")));
    }

    @Test
    void theDefaultsReadAsTheReadmeTableShowsThem() {
        assertEquals("from jdbcUrl", TidepoolConfig.defaultOf("hosts"));
        assertEquals("primary; preferStandby if readOnly", TidepoolConfig.defaultOf("targetServerType"));
    }
}
