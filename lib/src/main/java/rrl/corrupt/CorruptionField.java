package rrl.corrupt;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a corruption changes in a transition (s, a, r, s'), named as RIQL's flags are ({@code --corrupt_obs},
 * {@code --corrupt_acts}, {@code --corrupt_reward}, {@code --corrupt_dynamics} in YangRui2015/RIQL {@code RIQL.py}).
 * The declaration order is the order in which RIQL's {@code attack_dataset} corrupts them (obs, act, rew, next_obs),
 * which matters: its draws come from one generator, and a later field's adversary sees the earlier fields corrupted.
 */
public enum CorruptionField {
    /** The observation s. */
    OBSERVATION("obs"),
    /** The action a. */
    ACTION("act"),
    /** The reward r. */
    REWARD("rew"),
    /** The next observation s' (RIQL's "dynamics"). */
    DYNAMICS("dyn");

    private final String label;

    CorruptionField(String label) {
        this.label = label;
    }

    /** The short name used on the command line and in files: obs, act, rew or dyn. */
    public String label() {
        return label;
    }

    /** The field named {@code s} (its label, case-insensitive); an unknown name is refused with the nearest label. */
    public static CorruptionField parse(String s) {
        String k = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (CorruptionField f : values()) {
            if (f.label.equals(k)) {
                return f;
            }
        }
        List<String> labels = Arrays.stream(values()).map(CorruptionField::label).toList();
        String hint = rrl.io.Spelling.suggestion(k, labels).map(m -> " (did you mean " + m + "?)").orElse("");
        throw new IllegalArgumentException("unknown corruption field '" + s + "'" + hint + "; use obs, act, rew or dyn "
                + "(comma-separated for several)");
    }

    /**
     * The fields of a comma-separated list such as "obs,rew", in declaration order.
     *
     * @throws IllegalArgumentException for an unknown field (with a suggestion) or one listed twice ("obs,obs" is a
     *     slip, not a request: said, not silently merged)
     */
    public static Set<CorruptionField> parseList(String csv) {
        EnumSet<CorruptionField> set = EnumSet.noneOf(CorruptionField.class);
        for (String part : (csv == null ? "" : csv).split(",")) {
            if (!part.isBlank()) {
                CorruptionField f = parse(part);
                if (!set.add(f)) {
                    throw new IllegalArgumentException("corruption field " + f.label() + " is listed twice in '" + csv.strip()
                            + "'; list each field once");
                }
            }
        }
        return set;
    }

    /** Whether corrupting this field adversarially needs a critic (all but the reward, which is negated). */
    public boolean needsCritic() {
        return this != REWARD;
    }
}
