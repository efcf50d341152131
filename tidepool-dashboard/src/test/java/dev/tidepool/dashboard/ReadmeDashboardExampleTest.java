package dev.tidepool.dashboard;

import dev.tidepool.testkit.Poll;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's dashboard example runs, and the README shows exactly this code. */
class ReadmeDashboardExampleTest {

    @Test
    void theReadmeExampleServesBothPoolsAndStopsCleanly() throws Exception {
        try (TidepoolDataSource orders = pool("orders-db"); TidepoolDataSource billing = pool("billing-db")) {
            String base;
            // README dashboard example start
            try (TidepoolDashboard dashboard = TidepoolDashboard.builder()
                    .pool(orders)                    // one page for one or several pools
                    .pool(billing)
                    .printUrlTo(System.out)          // the default: the URL with a fresh token, once
                    .start()) {
                System.out.println("dashboard at " + dashboard.baseUrl()); // no token: safe to log
                // ... the application runs; dashboard.url() is the address with the token ...
            // README dashboard example end
                base = dashboard.url();
                String pools = Http.get(base.replace("/?token=", "/api/pools?token=")).body();
                assertTrue(pools.contains("\"name\":\"orders-db\"") && pools.contains("\"name\":\"billing-db\""), pools);
            }
            Poll.until("close() ended the dashboard's threads", Await.BOUND,
                    () -> DashboardApiTest.threadsNamed("tidepool-dashboard-") == 0);
        }
    }

    @Test
    void theReadmeShowsThisExample() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("README.md"))) {
            root = root.getParent();
        }
        String readme = Files.readString(root.resolve("README.md"));
        List<String> lines = Files.readAllLines(root.resolve(
                "tidepool-dashboard/src/test/java/dev/tidepool/dashboard/ReadmeDashboardExampleTest.java"));
        int start = indexOf(lines, "// README dashboard example start") + 1;
        int end = indexOf(lines, "// README dashboard example end");
        List<String> body = new ArrayList<>(lines.subList(start, end));
        body.add("}");
        int indent = lines.get(start).length() - lines.get(start).stripLeading().length();
        StringBuilder block = new StringBuilder("```java\n");
        for (String l : body) {
            int leading = l.length() - l.stripLeading().length();
            block.append(l.substring(Math.min(indent, leading))).append('\n');
        }
        block.append("```\n");
        assertTrue(readme.contains(block), "README.md must contain, from this test:\n" + block);
        assertEquals(-1, block.indexOf("\t"));
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(marker + " not found");
    }

    private static TidepoolDataSource pool(String name) throws Exception {
        return new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:tp_dash_" + name.replace('-', '_'))
                .poolName(name).maxSize(2).build());
    }
}
