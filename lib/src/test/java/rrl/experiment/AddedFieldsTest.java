package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.finetune.FineTuningSetup;

/**
 * A field added to the fine-tuning setup keeps the ids of the runs recorded before it only if every run kind that
 * carries a setup leaves it out at its old value: a kind that forgot it (the re-attack forgot "data") reads every
 * committed run of that kind as another run's folder.
 */
class AddedFieldsTest {
    @Test
    void everyKindCarryingASetupLeavesOutTheSetupsAddedFields() {
        RunKinds kinds = RunKinds.standard();
        int carrying = 0;
        for (String name : kinds.names()) {
            RunKind<?> kind = kinds.get(name);
            if (kind.configType() == FineTuningSetup.Spec.class) {
                assertEquals(FineTuningSetup.Spec.ADDED, kind.addedFields(), name);
                carrying++;
                continue;
            }
            if (!kind.configType().isRecord()) {
                continue;
            }
            for (RecordComponent c : kind.configType().getRecordComponents()) {
                if (c.getType() != FineTuningSetup.Spec.class) {
                    continue;
                }
                carrying++;
                // "data" came after every kind was recorded ("pretrainSteps" before the re-attack kind, whose ids hold it)
                String path = c.getName() + ".data";
                Map<String, ?> added = kind.addedFields();
                assertTrue(added.containsKey(path), name + " carries a setup but keeps " + path + " in its ids");
                assertEquals(FineTuningSetup.Spec.ADDED.get("data"), added.get(path), name + ": " + path);
            }
        }
        assertEquals(6, carrying, "setup, fine-tuning, offline-only, re-attack, fault shift, state-action");
    }
}
