package dev.tidepool.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void stringsAreEscapedSoAnyTextRoundTrips() {
        String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 line-sep \u2028 emoji \uD83C\uDF0A";
        String json = Json.encode(Map.of("k", nasty));
        assertEquals(nasty, JsonCheck.object(JsonCheck.parse(json)).get("k"));
    }

    @Test
    void mapsKeepTheirOrderAndValuesKeepTheirTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1);
        m.put("a", List.of(true, "x", 2.5));
        m.put("n", null);
        m.put("e", Thread.State.NEW);
        m.put("nan", Double.NaN);
        assertEquals("{\"b\":1,\"a\":[true,\"x\",2.5],\"n\":null,\"e\":\"NEW\",\"nan\":null}", Json.encode(m));
        assertEquals(Arrays.asList(true, "x", 2.5), JsonCheck.object(JsonCheck.parse(Json.encode(m))).get("a"));
    }
}
