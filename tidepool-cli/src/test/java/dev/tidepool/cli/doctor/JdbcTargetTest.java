package dev.tidepool.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JdbcTargetTest {

    @Test
    void postgresUrlsGiveTheFirstHostPortAndDatabase() {
        assertEquals(new JdbcTarget("postgresql", "db.example", 6432, "orders"),
                JdbcTarget.parse("jdbc:postgresql://db.example:6432/orders?sslmode=require"));
        assertEquals(new JdbcTarget("postgresql", "a", 5432, "x"), JdbcTarget.parse("jdbc:postgresql://a,b:5433/x"));
        assertEquals(new JdbcTarget("postgresql", "::1", 5433, "x"), JdbcTarget.parse("jdbc:postgresql://[::1]:5433/x"));
        assertEquals(new JdbcTarget("postgresql", "localhost", 5432, "x"), JdbcTarget.parse("jdbc:postgresql:x"));
    }

    @Test
    void mariadbAndMysqlUrlsAreRead() {
        assertEquals(new JdbcTarget("mariadb", "127.0.0.1", 3306, "test"),
                JdbcTarget.parse("jdbc:mariadb://127.0.0.1/test?useSsl=false"));
        assertEquals(new JdbcTarget("mysql", "h", 3307, "d"), JdbcTarget.parse("jdbc:mysql://h:3307/d"));
        assertEquals(new JdbcTarget("mariadb", "h1", 3306, "d"), JdbcTarget.parse("jdbc:mariadb:replication://h1,h2/d"));
        assertFalse(JdbcTarget.parse("jdbc:mariadb://address=(host=h)(port=3306)/d").networked());
    }

    @Test
    void h2TcpIsNetworkedAndEmbeddedH2IsNot() {
        assertEquals(new JdbcTarget("h2", "localhost", 9092, "mem:x"), JdbcTarget.parse("jdbc:h2:tcp://localhost/mem:x;IFEXISTS=TRUE"));
        assertFalse(JdbcTarget.parse("jdbc:h2:mem:x").networked());
        assertFalse(JdbcTarget.parse("jdbc:oracle:thin:@//h:1521/s").networked());
    }

    @Test
    void notAJdbcUrlOrABadPortIsRejectedWithTheFix() {
        assertThrows(IllegalArgumentException.class, () -> JdbcTarget.parse("postgresql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> JdbcTarget.parse("jdbc:postgresql://h:port/db"));
        assertThrows(IllegalArgumentException.class, () -> JdbcTarget.parse("jdbc:postgresql://h:70000/db"));
    }
}
