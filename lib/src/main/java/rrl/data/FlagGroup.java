package rrl.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A group of per-row 0/1 flags with text attributes, stored in a D4RL file beside its arrays (e.g. which rows a
 * corruption changed). D4RL's readers skip unknown top-level keys, so a file with such a group stays a D4RL file.
 * The flags are stored as int8 0/1, as the file's terminals and timeouts are; the attributes as fixed-length strings
 * (h5py returns them as bytes).
 *
 * @param name the group's name in the file (one path component)
 * @param flags one flag per row of each named array, in insertion order
 * @param attributes text attributes of the group, in insertion order
 */
public record FlagGroup(String name, Map<String, boolean[]> flags, Map<String, String> attributes) {
    /** Checks the name and copies the maps (the arrays are shared: treat them as read-only). */
    public FlagGroup {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("flag group name '" + name + "' must be one HDF5 path component "
                    + "(letters, digits, _ . -)");
        }
        if (D4rlHdf5.isDatasetKey(name)) {
            throw new IllegalArgumentException("flag group name '" + name + "' is one of D4RL's own keys; choose another");
        }
        flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        for (Map.Entry<String, boolean[]> e : flags.entrySet()) {
            if (e.getValue() == null || !e.getKey().matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("flag '" + e.getKey() + "' needs a one-component name and an array");
            }
        }
    }
}
