package dev.qnet.compiler.diag;

import java.util.Collection;

/** "Did you mean ...?" by Levenshtein distance, tolerant enough for typos, not for guesses. */
public final class Suggestions {
    private Suggestions() {}

    /** The closest candidate within distance max(1, len/3), or null. */
    public static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, name.length() / 3);
        for (String c : candidates) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** A hint line for {@code name}, or null when nothing is close. */
    public static String didYouMean(String name, Collection<String> candidates) {
        String c = closest(name, candidates);
        return c == null ? null : "did you mean '" + c + "'?";
    }

    static int distance(String a, String b) {
        int[] prevPrev = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], prevPrev[j - 2] + 1); // a swap of neighbours is one typo
                }
            }
            int[] t = prevPrev; prevPrev = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
