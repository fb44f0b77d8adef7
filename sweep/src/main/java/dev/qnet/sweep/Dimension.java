package dev.qnet.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One swept name and its values, from {@code --grid NAME=SPEC}. SPEC is a list {@code v1,v2,...}
 * (a grid takes every value, a random search one of them uniformly) or, for {@code --random}
 * only, a range: {@code lo:hi} uniform ({@code lo:hi} of whole numbers draws whole numbers) or
 * {@code lo:hi:log} log-uniform. Values stay text: a network argument is an expression the
 * compiler evaluates, a setting is parsed as {@code --set} parses it.
 */
record Dimension(String name, List<String> values, double lo, double hi, boolean log, boolean whole)
        implements Serializable {

    Dimension {
        values = values == null ? null : List.copyOf(values);
    }

    boolean isRange() {
        return values == null;
    }

    static Dimension parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new SweepException("--grid " + spec + ": expected NAME=V1,V2,... or NAME=LO:HI[:log]");
        }
        String name = spec.substring(0, eq).strip();
        String body = spec.substring(eq + 1).strip();
        if (body.contains(":") && !body.contains(",")) {
            String[] p = body.split(":");
            if (p.length < 2 || p.length > 3 || (p.length == 3 && !p[2].equals("log"))) {
                throw new SweepException("--grid " + spec + ": a range is LO:HI or LO:HI:log");
            }
            double lo;
            double hi;
            try {
                lo = Double.parseDouble(p[0]);
                hi = Double.parseDouble(p[1]);
            } catch (NumberFormatException e) {
                throw new SweepException("--grid " + spec + ": range bounds must be numbers");
            }
            boolean log = p.length == 3;
            if (!(lo < hi) || (log && lo <= 0)) {
                throw new SweepException("--grid " + spec + ": need LO < HI" + (log ? " and LO > 0 for log" : ""));
            }
            boolean whole = !log && isWhole(p[0]) && isWhole(p[1]);
            return new Dimension(name, null, lo, hi, log, whole);
        }
        List<String> values = new ArrayList<>();
        for (String v : body.split(",")) {
            if (!v.isBlank()) {
                values.add(v.strip());
            }
        }
        if (values.isEmpty()) {
            throw new SweepException("--grid " + spec + ": no values");
        }
        return new Dimension(name, values, 0, 0, false, false);
    }

    /** One random value of this dimension. */
    String sample(Random rng) {
        if (!isRange()) {
            return values.get(rng.nextInt(values.size()));
        }
        if (whole) {
            return Long.toString((long) lo + (long) Math.floor(rng.nextDouble() * ((long) hi - (long) lo + 1)));
        }
        double u = rng.nextDouble();
        double v = log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
        // Four significant digits: readable trial names, and the same text on every re-run.
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    private static boolean isWhole(String s) {
        return s.strip().matches("[+-]?\\d+");
    }
}
