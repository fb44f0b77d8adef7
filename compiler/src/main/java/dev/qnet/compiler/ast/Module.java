package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.SourceFile;
import java.util.List;

/** The AST of one source file. */
public record Module(SourceFile file, List<Decl> declarations) {}
