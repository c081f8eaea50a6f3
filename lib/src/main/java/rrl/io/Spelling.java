package rrl.io;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean ...?" for names users type: environment names, JSON fields. */
public final class Spelling {
    private Spelling() {}

    /** The candidate nearest to {@code key} by edit distance, ignoring case (ties: the first); "" if none. */
    public static String closest(String key, List<String> candidates) {
        String k = key.toLowerCase(Locale.ROOT);
        return candidates.stream().min(Comparator.comparingInt(c -> editDistance(k, c.toLowerCase(Locale.ROOT))))
                .orElse("");
    }

    /** Levenshtein distance (insertions, deletions and substitutions cost 1). */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
