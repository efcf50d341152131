package dev.tidepool.dashboard.internal;

import java.util.Locale;

/**
 * A small streaming JSON writer: the dashboard's API needs objects, arrays, strings and numbers,
 * and no dependency. Strings escape {@code <}, {@code >} and {@code &} as well, so a response
 * holding database text can never be read as markup, even by a client that mishandles it.
 */
public final class Json {

    private final StringBuilder out = new StringBuilder(256);
    /** Whether the next value in the current container needs a comma before it. */
    private boolean comma;

    public Json beginObject() {
        separate();
        out.append('{');
        comma = false;
        return this;
    }

    public Json endObject() {
        out.append('}');
        comma = true;
        return this;
    }

    public Json beginArray() {
        separate();
        out.append('[');
        comma = false;
        return this;
    }

    public Json endArray() {
        out.append(']');
        comma = true;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public Json name(String name) {
        separate();
        string(name);
        out.append(':');
        comma = false;
        return this;
    }

    public Json value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        comma = true;
        return this;
    }

    public Json value(long n) {
        separate();
        out.append(n);
        comma = true;
        return this;
    }

    public Json value(boolean b) {
        separate();
        out.append(b);
        comma = true;
        return this;
    }

    /** A number with at most three decimals; NaN and infinities (no data) are written as null. */
    public Json value(double d) {
        separate();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            out.append(String.format(Locale.ROOT, "%.3f", d));
        }
        comma = true;
        return this;
    }

    public Json member(String name, String value) {
        return name(name).value(value);
    }

    public Json member(String name, long value) {
        return name(name).value(value);
    }

    public Json member(String name, double value) {
        return name(name).value(value);
    }

    public Json member(String name, boolean value) {
        return name(name).value(value);
    }

    private void separate() {
        if (comma) {
            out.append(',');
            comma = false;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(c);
                default -> {
                    if (c < 0x20) {
                        unicode(c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicode(char c) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
