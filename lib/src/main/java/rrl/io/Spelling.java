package rrl.io;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for names users type: environment names, JSON fields. */
public final class Spelling {
    private Spelling() {}

    /**
     * The candidate a misspelt {@code key} was meant to be: the nearest by edit distance, ignoring case (ties: the
     * first), if it is near enough to be a slip ({@link #isSlip}); empty for an unrelated string ("Foo" is 3 edits
     * from "Ant", which shares nothing with it). Every "did you mean" goes through this.
     */
    public static Optional<String> suggestion(String key, List<String> candidates) {
        String best = closest(key, candidates);
        return best.isEmpty() || !isSlip(key, best) ? Optional.empty() : Optional.of(best);
    }

    /**
     * Whether {@code typed} is near enough to {@code meant} to be a slip: at most a third of {@code meant}'s letters
     * (at least 1) edited, ignoring case, and not every letter of {@code typed} ("hoper", "stepz", "Walker" pass;
     * "Foo" for "Ant" does not).
     */
    public static boolean isSlip(String typed, String meant) {
        int d = editDistance(typed.toLowerCase(Locale.ROOT), meant.toLowerCase(Locale.ROOT));
        return d <= Math.max(1, meant.length() / 3) && d < typed.length();
    }

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
