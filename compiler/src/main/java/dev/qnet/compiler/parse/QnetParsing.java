package dev.qnet.compiler.parse;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Module;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.grammar.QnetLexer;
import dev.qnet.grammar.QnetParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** Source text to AST; syntax errors go to the diagnostics and give no AST. */
public final class QnetParsing {
    private QnetParsing() {}

    /** The module's AST, or null when the file has syntax errors (all of them reported). */
    public static Module parse(SourceFile file, Diagnostics diagnostics) {
        QnetLexer lexer = new QnetLexer(CharStreams.fromString(file.text(), file.displayPath()));
        lexer.removeErrorListeners();
        QnetParser parser = new QnetParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        SyntaxErrorListener listener = new SyntaxErrorListener(file, diagnostics);
        parser.addErrorListener(listener);
        QnetParser.ProgramContext tree = parser.program();
        if (listener.errorCount() > 0) return null;
        return new AstBuilder(file).module(tree);
    }

    /**
     * A network argument written {@code name=expression} outside a file (the whole text of
     * {@code file}), or null when it has syntax errors (reported against {@code file}).
     */
    public static Argument parseArgument(SourceFile file, Diagnostics diagnostics) {
        QnetLexer lexer = new QnetLexer(CharStreams.fromString(file.text(), file.displayPath()));
        lexer.removeErrorListeners();
        QnetParser parser = new QnetParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        SyntaxErrorListener listener = new SyntaxErrorListener(file, diagnostics);
        parser.addErrorListener(listener);
        QnetParser.CommandLineArgumentContext tree = parser.commandLineArgument();
        if (listener.errorCount() > 0) return null;
        return new AstBuilder(file).commandLineArgument(tree);
    }
}
