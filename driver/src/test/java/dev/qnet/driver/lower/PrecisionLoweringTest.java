package dev.qnet.driver.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.CompilationResult;
import dev.qnet.compiler.Compiler;
import dev.qnet.compiler.ir.TrainIr;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.core.Precision;
import dev.qnet.core.Setting;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code precision} from the train section, and {@code --set precision=...} over it, reach the training config. */
class PrecisionLoweringTest {

    private static TrainIr train(String setting) {
        CompilationResult r = Compiler.compile(new SourceFile(Path.of("t.qnet"), """
                dataset d = medmnist("pneumoniamnist")
                network n(classes) {
                    input [1, 28, 28]
                    conv(4, k: 3) bn relu
                    globalavgpool dense(classes)
                }
                train n(classes: 2) on d {
                    metrics accuracy precision
                    %s
                }
                """.formatted(setting)));
        assertTrue(r.ok(), r.diagnostics().toString());
        return r.program().trains().get(0);
    }

    private static Precision precision(TrainIr t, Map<String, String> set) {
        return ExperimentBuilder.config(t, new ExperimentBuilder.Overrides(null, null, null, null, null, set))
                .settings().choice(Setting.PRECISION, Precision.class);
    }

    @Test
    void theSectionsPrecisionAndItsOverride() {
        assertEquals(Precision.FP32, precision(train(""), Map.of()));
        assertEquals(Precision.BF16, precision(train("precision bf16"), Map.of()));
        assertEquals(Precision.BF16, precision(train(""), Map.of("precision", "bf16")));
        assertEquals(Precision.FP32, precision(train("precision bf16"), Map.of("precision", "fp32")));
    }

    @Test
    void anUnknownPrecisionIsRefusedWithTheChoices() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> precision(train(""), Map.of("precision", "fp16")));
        assertTrue(e.getMessage().contains("fp16") && e.getMessage().contains("bf16"), e.getMessage());
    }
}
