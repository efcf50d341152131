package dev.tidepool.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --name value} and {@code --name=value} options against a command's
 * {@link OptionSpec}s. Every option takes a value but flags ({@code --name} alone, value
 * {@code "true"}); {@code --help} and {@code -h} ask for help.
 * An unknown option, a missing value, a repeated option or a stray argument fails with a
 * {@link UsageException} that names it (and the nearest known option, when one is close).
 */
final class CommandLine {

    private final String command;
    private final List<OptionSpec> specs;

    CommandLine(String command, List<OptionSpec> specs) {
        this.command = command;
        this.specs = List.copyOf(specs);
    }

    /** The result of parsing: either a help request or a value for every option. */
    record Parsed(boolean helpRequested, Map<String, String> values) {

        /** The value given for {@code option}, or its default text. */
        String value(String option) {
            String v = values.get(option);
            if (v == null) {
                throw new IllegalArgumentException("no such option: " + option);
            }
            return v;
        }
    }

    Parsed parse(List<String> args) throws UsageException {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Parsed(true, Map.of());
            }
            if (!arg.startsWith("-")) {
                throw new UsageException("unexpected argument '" + arg + "': " + command + " takes only options");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            OptionSpec spec = find(name);
            String value;
            if (spec.isFlag()) {
                if (eq >= 0) {
                    throw new UsageException("option " + name + " takes no value; write " + name + " alone");
                }
                value = "true";
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option " + name + " needs a value, e.g. " + name + " " + spec.defaultText());
            }
            if (given.put(spec.name(), value) != null) {
                throw new UsageException("option " + name + " is given twice; give it once");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            values.put(spec.name(), given.getOrDefault(spec.name(), spec.defaultText()));
        }
        return new Parsed(false, values);
    }

    private OptionSpec find(String name) throws UsageException {
        for (OptionSpec spec : specs) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        String nearest = nearest(name);
        throw new UsageException("unknown option '" + name + "'"
                + (nearest != null ? "; did you mean '" + nearest + "'?" : ".")
                + " Known options: " + String.join(", ", names()) + ", --help");
    }

    private List<String> names() {
        return specs.stream().map(OptionSpec::name).toList();
    }

    /** The known option within two edits of {@code name}, or null. */
    private String nearest(String name) {
        String best = null;
        int bestDistance = 3;
        for (OptionSpec spec : specs) {
            int d = distance(name, spec.name());
            if (d < bestDistance) {
                best = spec.name();
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, small strings only. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
