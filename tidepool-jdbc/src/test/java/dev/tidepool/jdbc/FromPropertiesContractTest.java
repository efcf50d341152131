package dev.tidepool.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both {@code fromProperties} say what they throw, and throw what they say: a wrong configuration
 * is an {@code IllegalArgumentException} (never an {@code SQLException}: nothing is connected
 * yet), a database that cannot be reached an {@code SQLException}. Issue 15.
 */
class FromPropertiesContractTest {

    @Test
    void aBadConfigurationIsAnIllegalArgumentExceptionNamingTheKeyAndStartsNothing() {
        String name = Pools.uniqueName("props-bad");
        Properties p = new Properties();
        p.setProperty("jdbcUrl", Pools.h2Url("props-bad"));
        p.setProperty("poolName", name);
        p.setProperty("maxSize", "ten");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TidepoolDataSource.fromProperties(p));
        assertTrue(e.getMessage().startsWith("maxSize ('ten')"), e.getMessage());
        assertTrue(Pools.threadsOf(name).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> TidepoolConfig.fromProperties(p));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAnSqlException() {
        String name = Pools.uniqueName("props-unreachable");
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:stub:no-such-database");
        p.setProperty("poolName", name);
        p.setProperty("acquireTimeout", "2s");
        SQLException e = assertThrows(SQLException.class, () -> TidepoolDataSource.fromProperties(p));
        assertTrue(e.getMessage().startsWith(name + " - cannot open a first connection"), e.getMessage());
        Pools.assertNoThreadsLeft(name);
    }

    @Test
    void theJavadocOfBothFromPropertiesNamesWhatEachThrows() throws IOException {
        String dataSource = javadocOf("TidepoolDataSource.java", "public static TidepoolDataSource fromProperties(");
        assertTrue(dataSource.contains("@throws IllegalArgumentException"), dataSource);
        assertTrue(dataSource.contains("@throws SQLException"), dataSource);
        String config = javadocOf("TidepoolConfig.java", "public static TidepoolConfig fromProperties(");
        assertTrue(config.contains("@throws IllegalArgumentException"), config);
        assertFalse(config.contains("@throws SQLException"), config);
    }

    @Test
    void theDeclaredExceptionsMatchTheJavadoc() throws NoSuchMethodException {
        assertEquals(java.util.List.of(SQLException.class), java.util.List.of(
                TidepoolDataSource.class.getMethod("fromProperties", Properties.class).getExceptionTypes()));
        assertEquals(0, TidepoolConfig.class.getMethod("fromProperties", Properties.class).getExceptionTypes().length);
    }

    /** The Javadoc comment right before {@code declaration} in the main source of this package. */
    private static String javadocOf(String file, String declaration) throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/tidepool/jdbc", file));
        int at = source.indexOf(declaration);
        assertTrue(at > 0, declaration + " not found in " + file);
        int end = source.lastIndexOf("*/", at);
        int start = source.lastIndexOf("/**", end);
        assertTrue(start >= 0 && source.substring(end, at).strip().equals("*/"), "no Javadoc right before " + declaration);
        return source.substring(start, end);
    }
}
