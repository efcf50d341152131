package dev.tidepool.dashboard.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The last line of defence for "no secret in any byte served": every dynamic response is
 * scrubbed of the pools' passwords, raw and as JSON would escape them. Nothing the dashboard
 * writes should hold one (it serves no configuration value), but text from a driver's error
 * message or a thread name might, and the pool cleans only what it knows to clean. Passwords
 * shorter than {@link #MIN_LENGTH} are not scrubbed: replacing them would mangle ordinary text.
 */
public final class Secrets {

    static final int MIN_LENGTH = 4;
    private static final String MASK = "****";

    private final List<String> forms = new ArrayList<>();

    public Secrets(List<String> passwords) {
        for (String p : passwords) {
            if (p != null && p.length() >= MIN_LENGTH) {
                forms.add(p);
                String escaped = new Json().value(p).toString();
                escaped = escaped.substring(1, escaped.length() - 1);
                if (!escaped.equals(p)) {
                    forms.add(escaped);
                }
            }
        }
    }

    public String scrub(String body) {
        String s = body;
        for (String f : forms) {
            if (s.contains(f)) {
                s = s.replace(f, MASK);
            }
        }
        return s;
    }
}
