package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's usage example, compiled and run on in-memory H2. {@link ReadmeTest} checks that
 * the README shows exactly the lines between the markers, so the two cannot drift apart.
 */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndPrintsTheOrderTotal() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example();
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("order 1: 19.99" + System.lineSeparator()), printed);
        assertEquals(2, printed.lines().count(), printed);
    }

    private static void example() throws Exception {
        // README example start
        TidepoolConfig config = TidepoolConfig.builder()
                .jdbcUrl("jdbc:h2:mem:orders") // or jdbc:postgresql://..., jdbc:mariadb://...
                .username("app")
                .password("secret")
                .maxSize(10)
                .acquireTimeout(Duration.ofSeconds(10))
                .poolName("orders-db")
                .build();

        try (TidepoolDataSource dataSource = new TidepoolDataSource(config)) {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10, 2))");
                statement.execute("INSERT INTO orders VALUES (1, 19.99)");
            } // close() hands the connection back to the pool, reset for the next borrower

            try (Connection connection = dataSource.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT total FROM orders WHERE id = ?")) {
                query.setInt(1, 1);
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    System.out.println("order 1: " + rs.getBigDecimal("total"));
                }
            }
            System.out.println(dataSource.stats()); // total, active, idle, waiting, created, timeouts...
        }
        // README example end
    }
}
