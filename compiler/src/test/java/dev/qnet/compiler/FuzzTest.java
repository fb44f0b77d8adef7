package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qnet.compiler.source.SourceFile;
import dev.qnet.grammar.QnetLexer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/**
 * Robustness: random mutations of the examples (token deletions, duplications, swaps,
 * truncations, random bytes) must always produce diagnostics or success, never an exception
 * and never a hang (each input gets a time limit). Fixed seed: failures are reproducible.
 */
class FuzzTest {
    private static final int MUTANTS = 5000;
    private static final long SEED = 20261127L;

    @Test
    void mutatedExamplesNeverCrashOrHang() throws Exception {
        List<String> seeds = new ArrayList<>();
        try (var files = Files.list(TestPrograms.repo().resolve("examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".qnet")).sorted().toList()) seeds.add(Files.readString(p));
        }
        seeds.add(Files.readString(Path.of("src/test/resources/programs/resnet50_imagenet.qnet")));
        Random random = new Random(SEED);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz", 16 << 20);
            t.setDaemon(true);
            return t;
        });
        int ok = 0;
        int rejected = 0;
        long start = System.nanoTime();
        try {
            for (int i = 0; i < MUTANTS; i++) {
                String source = mutate(seeds.get(random.nextInt(seeds.size())), random);
                Future<CompilationResult> f = executor.submit(() -> Compiler.compile(new SourceFile(Path.of("fuzz.qnet"), source)));
                CompilationResult r;
                try {
                    r = f.get(5, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    fail("mutant " + i + " did not finish within 5 s:\n" + source);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("mutant " + i + " threw " + e.getCause() + ":\n" + source, e.getCause());
                }
                if (r.ok()) ok++;
                else {
                    assertTrue(r.diagnostics().stream().anyMatch(d -> d.isError()), "rejected without an error");
                    rejected++;
                }
            }
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d mutants, %d accepted, %d rejected, %.1f s%n", MUTANTS, ok, rejected, seconds);
        assertTrue(rejected > MUTANTS / 2, "most mutants should be rejected");
    }

    static String mutate(String source, Random random) {
        List<Token> tokens = new ArrayList<>(new QnetLexer(CharStreams.fromString(source)).getAllTokens());
        int kind = random.nextInt(6);
        int n = 1 + random.nextInt(3);
        switch (kind) {
            case 0 -> { // delete tokens
                for (int k = 0; k < n && !tokens.isEmpty(); k++) tokens.remove(random.nextInt(tokens.size()));
            }
            case 1 -> { // swap neighbours
                for (int k = 0; k < n && tokens.size() > 1; k++) {
                    int i = random.nextInt(tokens.size() - 1);
                    Token t = tokens.get(i);
                    tokens.set(i, tokens.get(i + 1));
                    tokens.set(i + 1, t);
                }
            }
            case 2 -> { // duplicate a token elsewhere
                for (int k = 0; k < n && !tokens.isEmpty(); k++) {
                    tokens.add(random.nextInt(tokens.size()), tokens.get(random.nextInt(tokens.size())));
                }
            }
            case 3 -> { // truncate the text
                return source.substring(0, random.nextInt(source.length() + 1));
            }
            case 4 -> { // random bytes (as chars) spliced into the text
                StringBuilder b = new StringBuilder(source);
                for (int k = 0; k < n; k++) b.insert(random.nextInt(b.length() + 1), (char) random.nextInt(256));
                return b.toString();
            }
            default -> { // replace a number by another number
                for (int k = 0; k < n && !tokens.isEmpty(); k++) {
                    int i = random.nextInt(tokens.size());
                    if (tokens.get(i).getType() == QnetLexer.IntegerLiteral) {
                        var t = new org.antlr.v4.runtime.CommonToken(QnetLexer.IntegerLiteral,
                                String.valueOf(random.nextInt(5) == 0 ? random.nextInt() : random.nextInt(70) - 5));
                        tokens.set(i, t);
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        int line = 1;
        for (Token t : tokens) {
            // keep line structure roughly: a newline wherever the token's original line advanced
            if (t.getLine() > line) {
                out.append('\n');
                line = t.getLine();
            } else {
                out.append(' ');
            }
            out.append(t.getText());
        }
        return out.toString();
    }
}
