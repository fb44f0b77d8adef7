package dev.qnet.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every example parses without syntax errors; each line of the invalid list fails to parse. */
class GrammarTest {
    private static int syntaxErrors(String source) {
        AtomicInteger errors = new AtomicInteger();
        QnetLexer lexer = new QnetLexer(CharStreams.fromString(source));
        QnetParser parser = new QnetParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object o, int line, int col, String msg, RecognitionException e) {
                errors.incrementAndGet();
            }
        });
        parser.program();
        return errors.get();
    }

    @TestFactory
    Stream<DynamicTest> examplesParse() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("../examples"))) {
            files = s.filter(p -> p.toString().endsWith(".qnet")).sorted().toList();
        }
        assertTrue(files.size() >= 3);
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> assertEquals(0, syntaxErrors(Files.readString(p)))));
    }

    /** One invalid program per line; test ids are "invalid:LINE". */
    @TestFactory
    Stream<DynamicTest> invalidProgramsFail() {
        String[] lines = {
            "network n { input [4] dense(2 }",
            "network n { input [4] dense(2)",
            "network { input [4] }",
            "const = 3",
            "block b(w,, x) { relu }",
            "circuit c(a b) { h a }",
            "circuit c(a; t[3] { h a }",
            "network n { input [4] quantum { measure z } }",
            "train n on { epochs 1 }",
            "train n on d { epochs }",
            "network n { input [4] residual relu }",
            "dataset d = medmnist(\"x\") { normalize(",
            "network n { input [4] dense(2) } }",
            "network n { input [4] repeat { relu } }",
            "const x = 3 +",
            "const x = (3",
            "import pneumonia",
            "network n { input [1, 8, 8] quanv(k: 2, true: 1) }",
        };
        return java.util.stream.IntStream.range(0, lines.length).mapToObj(i -> DynamicTest.dynamicTest("invalid:" + (i + 1),
                () -> assertTrue(syntaxErrors(lines[i]) > 0, lines[i])));
    }

    @TestFactory
    Stream<DynamicTest> validSnippetsParse() {
        String[] lines = {
            "const x = -2 ** 2 * (3 + 4) % 5 / 6",
            "network n(a, b = 2,) { input [1, 28, 28,] conv(16, k: 3,) bn relu }",
            "circuit c(a, b; t[3], s,) { rz(-pi / 2) b; cnot b, a; u3(t[0], t[1], s) a }",
            "network q { input [4] quantum(qubits: 4, params: 2) { encode angle(ry, reupload: 2) ry(t[0]) q[3]; measure probs } }",
            "experiment \"x\" n(classes: 2) on d { metrics accuracy f1 augment { rotate(10deg) } early_stop class_weights balanced }",
            "/* block */ // line\nimport \"a.qnet\"",
            "network n { input [1, 28, 28] quanv(k: 2, circuit: f, trainable: false) quanv(3, layers: 2, seed: 1) }",
        };
        return java.util.stream.IntStream.range(0, lines.length).mapToObj(i -> DynamicTest.dynamicTest("valid:" + (i + 1),
                () -> assertEquals(0, syntaxErrors(lines[i]), lines[i])));
    }
}
