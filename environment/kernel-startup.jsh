// Start-up of the "Java (rrl)" notebook kernel (environment/setup.sh points the kernelspec's
// JJAVA_STARTUP_SCRIPTS_PATH here; JJava runs it once per kernel, after its own imports of java.util.*,
// java.io.*, java.util.concurrent.* ... and its static display(...) / printf(...)).
// A student's first cell needs no import line for the library's main types.
import rrl.env.*;
import rrl.policy.*;
import rrl.rollout.*;
import rrl.data.*;
import rrl.algo.*;
import rrl.attack.*;
import rrl.eval.*;
import rrl.corrupt.*;
import rrl.render.*;
import rrl.train.*;
import rrl.finetune.*;
import rrl.experiment.*;
import rrl.results.*;
import rrl.report.*;
import rrl.notebook.*;
import tech.tablesaw.api.*;
import org.knowm.xchart.*;
import java.util.*;
import java.util.stream.*;
import java.nio.file.*;
// Names two of the packages above share: the rrl meaning wins (java.util.concurrent.Executor stays reachable
// by its full name).
import rrl.experiment.Executor;
// display(x) shows x inline and returns nothing (JJava's returns its display id, echoed when it ends a cell).
import static rrl.notebook.Show.display;
// Tables, charts and HtmlRenderable values show themselves; printf output arrives in whole lines.
rrl.notebook.KernelDisplay.install();
