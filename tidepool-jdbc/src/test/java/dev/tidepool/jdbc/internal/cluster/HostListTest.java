package dev.tidepool.jdbc.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostListTest {

    private static List<String> urls(HostList list) {
        return list.hosts().stream().map(list::urlFor).toList();
    }

    private static String failure(String url, String hosts) {
        return assertThrows(IllegalArgumentException.class, () -> HostList.of(url, hosts)).getMessage();
    }

    @Test
    void aPostgresHostListBecomesOneUrlPerHostKeepingDatabaseAndParameters() {
        HostList list = HostList.of("jdbc:postgresql://h1:5432,h2:5433/db?ssl=false&targetServerType=any", null);
        assertEquals(List.of(new HostAddress("h1", 5432), new HostAddress("h2", 5433)), list.hosts());
        assertEquals(List.of("jdbc:postgresql://h1:5432/db?ssl=false&targetServerType=any",
                "jdbc:postgresql://h2:5433/db?ssl=false&targetServerType=any"), urls(list));
    }

    @Test
    void mariaDbHighAvailabilityModesAreDroppedSoTheDriverDoesNotPickAgain() {
        assertEquals(List.of("jdbc:mariadb://a:3306/test", "jdbc:mariadb://b:3307/test"),
                urls(HostList.of("jdbc:mariadb:replication://a:3306,b:3307/test", null)));
        assertEquals(List.of("jdbc:mariadb://a/test", "jdbc:mariadb://b/test"),
                urls(HostList.of("jdbc:mariadb:sequential://a,b/test", null)));
        assertEquals(List.of("jdbc:mysql://a/x?useSSL=false", "jdbc:mysql://b/x?useSSL=false"),
                urls(HostList.of("jdbc:mysql:loadbalance://a,b/x?useSSL=false", null)));
    }

    @Test
    void theHostsKeyReplacesTheUrlsHost() {
        HostList list = HostList.of("jdbc:postgresql://localhost/app?ApplicationName=x", " 10.0.0.1:5433 , [::1]:5434,db ");
        assertEquals(List.of("jdbc:postgresql://10.0.0.1:5433/app?ApplicationName=x",
                "jdbc:postgresql://[::1]:5434/app?ApplicationName=x", "jdbc:postgresql://db/app?ApplicationName=x"), urls(list));
    }

    @Test
    void aUrlWithoutPathKeepsNothingAfterTheHost() {
        assertEquals(List.of("jdbc:postgresql://a:1", "jdbc:postgresql://b:2"),
                urls(HostList.of("jdbc:postgresql://a:1,b:2", null)));
    }

    @Test
    void listsSeveralOnlyForAUrlWithACommaInItsHostPart() {
        assertTrue(HostList.listsSeveral("jdbc:postgresql://a,b/db"));
        assertFalse(HostList.listsSeveral("jdbc:postgresql://a/db?options=x,y"));
        assertFalse(HostList.listsSeveral("jdbc:h2:mem:a,b"));
        assertFalse(HostList.listsSeveral(null));
    }

    @Test
    void badHostListsNameTheKeyTheValueAndTheFix() {
        assertEquals("hosts ('a:5432,a:5432') lists a:5432 twice: list each host once",
                failure("jdbc:postgresql://x/db", "a:5432,a:5432"));
        assertEquals("hosts ('a:99999'): port '99999' must be a number from 1 to 65535",
                failure("jdbc:postgresql://x/db", "a:99999"));
        assertEquals("hosts ('a,,b') has an empty host: write host:port[,host:port...]",
                failure("jdbc:postgresql://x/db", "a,,b"));
        assertEquals("jdbcUrl ('a:x,b'): port 'x' must be a number from 1 to 65535",
                failure("jdbc:postgresql://a:x,b/db", null));
        assertEquals("hosts ('a,b') and jdbcUrl both list several hosts: keep one list (hosts replaces the URL's host)",
                failure("jdbc:postgresql://c,d/db", "a,b"));
        assertEquals("hosts ('a,b') needs a jdbcUrl of the form jdbc:<driver>://host:port/database to put the hosts in"
                + " (a URL without '//' names no host)", failure("jdbc:h2:mem:x", "a,b"));
        assertEquals("jdbcUrl (host mode 'aurora2') is not a host mode Tidepool reads:"
                + " use jdbc:<driver>://h1:port,h2:port/database", failure("jdbc:mariadb:aurora2://a,b/db", null));
        assertEquals("hosts ('[::1'): '[::1' has no closing ']'",
                failure("jdbc:postgresql://x/db", "[::1"));
    }

    @Test
    void credentialsInTheAuthorityAreRefusedWithoutEchoingThem() {
        String message = failure("jdbc:mariadb://app:s3cret@a,b/db", null);
        assertFalse(message.contains("s3cret"), message);
        assertTrue(message.startsWith("jdbcUrl lists hosts in a form Tidepool does not read"), message);
    }
}
