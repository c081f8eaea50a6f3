package rrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.mujoco.capi.MuJoCo;
import rrl.mujoco.capi.mjData;

class MjcfModelTest {
    @TempDir
    Path tmp;

    @Test
    void malformedXmlReportsMuJoCosDiagnosisAndTheFile() throws Exception {
        Path bad = tmp.resolve("broken.xml");
        Files.writeString(bad, "<mujoco><worldbody><body><geom type='capsule' size='0.1'/></worldbody></mujoco>");
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> MjcfModel.load(bad));
        assertTrue(e.getMessage().contains("broken.xml"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("error"), e.getMessage());
    }

    @Test
    void unknownElementIsRejected() throws Exception {
        Path bad = tmp.resolve("unknown.xml");
        Files.writeString(bad, "<mujoco><worldbody><blob/></worldbody></mujoco>");
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> MjcfModel.load(bad));
        assertTrue(e.getMessage().contains("blob"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> MjcfModel.load(tmp.resolve("nope.xml")));
        assertTrue(e.getMessage().contains("nope.xml"), e.getMessage());
    }

    @Test
    void shippedModelsCompileWithSmallData() {
        String[] models = {"hopper", "walker2d", "half_cheetah", "ant"};
        int[] nq = {6, 9, 9, 15};
        for (int i = 0; i < models.length; i++) {
            try (MjcfModel m = MjcfModel.loadResource("rrl/env/assets/" + models[i] + ".xml")) {
                assertEquals(nq[i], m.nq(), models[i]);
                mjData d = MuJoCo.mj_makeData(m.raw());
                try {
                    // <size nstack> keeps each simulator small enough to run dozens of them (MuJoCo's
                    // default would reserve ~13 MB; nbuffer includes the stack in 2.2.2).
                    assertTrue(d.nbuffer() < 4_500_000L, models[i] + " mjData uses " + d.nbuffer() + " bytes");
                } finally {
                    MuJoCo.mj_deleteData(d);
                }
            }
        }
    }
}
