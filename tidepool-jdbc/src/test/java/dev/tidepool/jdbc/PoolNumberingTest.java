package dev.tidepool.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unnamed pools are numbered when they start, not when their configuration is built: the first
 * data source of a JVM is {@code tidepool-1}, and one configuration started twice gives two
 * names. Issue 15 (the first data source used to be {@code tidepool-3}).
 */
class PoolNumberingTest {

    @Test
    void theFirstDataSourceOfAJvmIsTidepool1HoweverManyConfigurationsWereBuiltBefore() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FirstPoolName.class.getName())
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "the child JVM did not end: " + out);
        assertEquals(0, p.exitValue(), out);
        assertEquals("tidepool-1 tidepool-2", out.strip());
    }

    @Test
    void oneUnnamedConfigurationStartedTwiceGivesTwoConsecutiveNames() throws SQLException {
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(Pools.h2Url("numbering")).maxSize(1).build();
        assertNull(config.poolName(), "not numbered before a pool starts");
        try (TidepoolDataSource first = new TidepoolDataSource(config)) {
            TidepoolConfig.builder().jdbcUrl(Pools.h2Url("numbering-unused")).build(); // builds take no number
            try (TidepoolDataSource second = new TidepoolDataSource(config)) {
                int a = number(first.poolName());
                int b = number(second.poolName());
                assertTrue(b > a, first.poolName() + " then " + second.poolName());
                assertEquals(first.poolName(), first.config().poolName(), "config() carries the name it started with");
                assertEquals(second.poolName(), second.config().poolName());
                assertTrue(first.toString().startsWith("TidepoolDataSource{" + first.poolName()), first.toString());
            }
        }
    }

    @Test
    void aNamedConfigurationKeepsItsName() throws SQLException {
        String name = Pools.uniqueName("named");
        try (TidepoolDataSource ds = new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl(Pools.h2Url("named"))
                .poolName(name).maxSize(1).build())) {
            assertEquals(name, ds.poolName());
        }
    }

    private static int number(String poolName) {
        assertTrue(poolName.matches("tidepool-\\d+"), poolName);
        return Integer.parseInt(poolName.substring("tidepool-".length()));
    }

    /** The child JVM: three configurations built, then two pools started from the last. */
    static final class FirstPoolName {
        public static void main(String[] args) throws SQLException, IOException {
            List<TidepoolConfig> configs = List.of(
                    TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:first-a").build(),
                    TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:first-b").build(),
                    TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:first-c").maxSize(1).build());
            try (TidepoolDataSource a = new TidepoolDataSource(configs.get(2));
                 TidepoolDataSource b = new TidepoolDataSource(configs.get(2))) {
                System.out.println(a.poolName() + " " + b.poolName());
            }
        }
    }
}
