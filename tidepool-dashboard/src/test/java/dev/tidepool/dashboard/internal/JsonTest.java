package dev.tidepool.dashboard.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {

    @Test
    void stringsEscapeQuotesControlsAndEveryCharacterThatCouldStartMarkup() {
        String json = new Json().beginObject().member("sql", "select \"a\" from t where x = '<script>&'\n\t\u0001")
                .endObject().toString();
        assertEquals("{\"sql\":\"select \\\"a\\\" from t where x = '\\u003cscript\\u003e\\u0026'\\n\\t\\u0001\"}", json);
    }

    @Test
    void membersAndElementsAreSeparatedByCommasAtEveryLevel() {
        String json = new Json().beginObject().member("a", 1).name("b").beginArray().value(1).value("x")
                .beginObject().endObject().endArray().member("c", true).name("d").value((String) null).endObject()
                .toString();
        assertEquals("{\"a\":1,\"b\":[1,\"x\",{}],\"c\":true,\"d\":null}", json);
    }

    @Test
    void numbersWithoutDataAreNullAndFractionsKeepThreeDecimals() {
        String json = new Json().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY).value(2.0)
                .value(0.12345).endArray().toString();
        assertEquals("[null,null,2,0.123]", json);
    }
}
