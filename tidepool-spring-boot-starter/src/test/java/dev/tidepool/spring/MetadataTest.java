package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.spring.internal.SpringKeys;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

/**
 * The IDE metadata (META-INF/spring-configuration-metadata.json) lists every Tidepool key, with a
 * description and, where the default is a value, that default: it fails when a key is added to
 * TidepoolConfig and not here, or removed there and left here. Issue 10.
 */
class MetadataTest {

    private static final String PREFIX = "spring.datasource.tidepool.";

    private static Map<String, ConfigurationMetadataProperty> properties() throws Exception {
        try (InputStream in = MetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the metadata is in the jar").isNotNull();
            ConfigurationMetadataRepository repo = ConfigurationMetadataRepositoryJsonBuilder.create(in).build();
            return repo.getAllProperties();
        }
    }

    @Test
    void everyTidepoolKeyHasAnEntryWithADescriptionAndNoOtherKeyHasOne() throws Exception {
        Map<String, ConfigurationMetadataProperty> all = properties();
        Set<String> expected = new TreeSet<>();
        for (String key : TidepoolConfig.keys()) {
            String name = PREFIX + SpringKeys.springName(key);
            expected.add(name);
            ConfigurationMetadataProperty p = all.get(name);
            assertThat(p).as("metadata for %s (Tidepool key %s)", name, key).isNotNull();
            assertThat(p.getDescription()).as("description of %s", name).isNotBlank();
        }
        Set<String> listed = new TreeSet<>();
        all.keySet().stream().filter(n -> n.startsWith(PREFIX)).forEach(listed::add);
        assertThat(listed).as("metadata entries that are no Tidepool key").isEqualTo(expected);
    }

    @Test
    void defaultsAreTidepoolsOwnWhereTheDefaultIsAValueAndSaidInTheDescriptionOtherwise() throws Exception {
        Map<String, ConfigurationMetadataProperty> all = properties();
        for (String key : TidepoolConfig.keys()) {
            ConfigurationMetadataProperty p = all.get(PREFIX + SpringKeys.springName(key));
            String def = TidepoolConfig.defaultOf(key);
            if (isValue(def)) {
                assertThat(String.valueOf(p.getDefaultValue())).as("default of %s", key).isEqualTo(def);
            } else {
                assertThat(p.getDefaultValue()).as("default of %s is no value", key).isNull();
                assertThat(p.getDescription()).as("description of %s states the default", key).contains("Default: " + def);
            }
        }
    }

    /** Defaults such as "= maxSize", "driver's", "none", "required" are words, not values. */
    private static boolean isValue(String def) {
        return def.matches("[0-9a-z.]+") && !def.equals("none") && !def.equals("required");
    }

    @Test
    void kebabCaseNamesMapBackToTheirKeys() {
        for (String key : TidepoolConfig.keys()) {
            if (!key.equals(SpringKeys.DRIVER_FAMILY)) {
                assertThat(SpringKeys.tidepoolKey(SpringKeys.springName(key))).isEqualTo(key);
                assertThat(SpringKeys.tidepoolKey(key.toLowerCase(java.util.Locale.ROOT))).isEqualTo(key);
            }
        }
        assertThat(SpringKeys.tidepoolKey("driver.ApplicationName")).isEqualTo("driver.ApplicationName");
        assertThat(SpringKeys.tidepoolKey("max-pool-size")).isEqualTo("maxPoolSize");
    }
}
