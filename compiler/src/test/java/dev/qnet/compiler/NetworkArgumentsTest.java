package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.diag.DiagnosticPrinter;
import dev.qnet.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Network arguments given outside the file ({@code --arg width=8}, a sweep's grid values). */
class NetworkArgumentsTest {

    // conv(width) (3x3, no bias) on 1 channel: 9 * width; dense(2) on width: 2 * width + 2.
    private static final String SOURCE = """
            dataset d = medmnist("pneumoniamnist")
            network net(classes = 2, width = 4) {
                input [1, 28, 28]
                conv(width) globalavgpool dense(classes)
            }
            train net(classes: 2) on d { epochs 1 }
            """;

    private static CompilationResult compile(Map<String, String> args) {
        return Compiler.compile(new SourceFile(Path.of("t.qnet"), SOURCE), args);
    }

    private static long params(CompilationResult r) {
        return r.program().trains().get(0).network().classicalParams();
    }

    @Test
    void anArgumentReplacesTheDefault() {
        long w4 = params(TestPrograms.ok(compile(Map.of())));
        long w8 = params(TestPrograms.ok(compile(Map.of("width", "8"))));
        assertEquals(9 * 4 + 2 * 4 + 2, w4);
        assertEquals(9 * 8 + 2 * 8 + 2, w8);
    }

    @Test
    void anArgumentReplacesWhatTheTrainSectionPasses() {
        // classes: 3 no longer matches the dataset's 2 classes: the checker says so.
        CompilationResult r = compile(Map.of("classes", "3"));
        assertFalse(r.ok());
        assertTrue(DiagnosticPrinter.render(r.diagnostics()).contains("has 2 classes"), DiagnosticPrinter.render(r.diagnostics()));
    }

    @Test
    void expressionsMayUseConstantsAndAreRecorded() {
        CompilationResult r = TestPrograms.ok(compile(Map.of("width", "2 * 3")));
        assertEquals(9 * 6 + 2 * 6 + 2, params(r));
        assertEquals(Map.of("width", "2 * 3"), r.arguments());
    }

    @Test
    void anUnknownNameIsADiagnosticWithAHint() {
        CompilationResult r = compile(Map.of("widht", "8"));
        assertFalse(r.ok());
        String text = DiagnosticPrinter.render(r.diagnostics());
        assertTrue(text.contains("--arg:1:1: error: no network declares a parameter 'widht'"), text);
        assertTrue(text.contains("did you mean 'width'?"), text);
    }

    @Test
    void aBadValueIsASyntaxErrorAgainstTheArgumentText() {
        CompilationResult r = compile(Map.of("width", "8)"));
        assertFalse(r.ok());
        assertTrue(DiagnosticPrinter.render(r.diagnostics()).contains("--arg:1:8"), DiagnosticPrinter.render(r.diagnostics()));
    }

    @Test
    void aValueThatBreaksAShapeIsReportedByTheChecker() {
        CompilationResult r = compile(Map.of("width", "0"));
        assertFalse(r.ok());
    }
}
