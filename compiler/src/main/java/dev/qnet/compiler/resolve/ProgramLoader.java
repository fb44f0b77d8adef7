package dev.qnet.compiler.resolve;

import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.Module;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.parse.QnetParsing;
import dev.qnet.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the main file and, transitively, its imports (paths relative to the importing file).
 * Each file is parsed once even if imported twice; an import cycle is an error at the import
 * that closes it. Modules are returned imports-first, the main file last.
 */
public final class ProgramLoader {
    private final Diagnostics diagnostics;
    private final Map<Path, Module> loaded = new HashMap<>();
    private final List<Path> stack = new ArrayList<>();
    private final List<Module> order = new ArrayList<>();

    public ProgramLoader(Diagnostics diagnostics) { this.diagnostics = diagnostics; }

    /** Parses the main file (already read) and everything it imports. */
    public List<Module> load(SourceFile main) {
        visit(main);
        return List.copyOf(order);
    }

    private void visit(SourceFile file) {
        Path key = file.path().toAbsolutePath().normalize();
        stack.add(key);
        Module module = QnetParsing.parse(file, diagnostics);
        loaded.put(key, module);
        if (module != null) {
            for (Decl d : module.declarations()) {
                if (d instanceof Decl.Import imp) importFile(file, imp);
            }
            order.add(module);
        }
        stack.remove(stack.size() - 1);
    }

    private void importFile(SourceFile from, Decl.Import imp) {
        Path parent = from.path().getParent();
        Path target;
        try {
            target = parent == null ? Path.of(imp.path()) : parent.resolve(imp.path());
        } catch (java.nio.file.InvalidPathException e) {
            diagnostics.error("qnet.import.missing", imp.span(), "invalid import path '" + imp.path() + "'");
            return;
        }
        target = target.normalize();
        Path key = target.toAbsolutePath().normalize();
        if (stack.contains(key)) {
            List<String> cycle = new ArrayList<>();
            for (Path p : stack.subList(stack.indexOf(key), stack.size())) cycle.add(p.getFileName().toString());
            cycle.add(key.getFileName().toString());
            diagnostics.error("qnet.import.cycle", imp.span(), "import cycle: " + String.join(" -> ", cycle));
            return;
        }
        if (loaded.containsKey(key)) return;
        String text;
        try {
            text = readText(target);
        } catch (NoSuchFileException e) {
            diagnostics.error("qnet.import.missing", imp.span(), "cannot find imported file '" + imp.path() + "'",
                    "looked for " + target);
            return;
        } catch (IOException e) {
            diagnostics.error("qnet.import.missing", imp.span(), "cannot read imported file '" + imp.path() + "': " + e.getMessage());
            return;
        }
        visit(new SourceFile(target, text));
    }

    /** Reads a file as UTF-8; a directory or a file that is not text is an IOException with a clear message. */
    public static String readText(Path path) throws IOException {
        if (Files.isDirectory(path)) throw new IOException("is a directory");
        byte[] bytes = Files.readAllBytes(path);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not a UTF-8 text file");
        }
    }
}
