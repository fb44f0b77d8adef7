package dev.qnet.compiler.parse;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Module;
import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.grammar.QnetLexer;
import dev.qnet.grammar.QnetParser;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** Source text to AST; syntax errors go to the diagnostics and give no AST. */
public final class QnetParsing {
    private QnetParsing() {}

    /** The module's AST, or null when the file has syntax errors (all of them reported). */
    public static Module parse(SourceFile file, Diagnostics diagnostics) {
        return parse(file, diagnostics, QnetParser::program, AstBuilder::module);
    }

    /**
     * A network argument written {@code name=expression} outside a file (the whole text of
     * {@code file}), or null when it has syntax errors (reported against {@code file}).
     */
    public static Argument parseArgument(SourceFile file, Diagnostics diagnostics) {
        return parse(file, diagnostics, QnetParser::commandLineArgument, AstBuilder::commandLineArgument);
    }

    /** Parses the whole of {@code file} with grammar rule {@code rule}; null when it has syntax errors. */
    private static <T, R> R parse(SourceFile file, Diagnostics diagnostics, Function<QnetParser, T> rule,
                                  BiFunction<AstBuilder, T, R> build) {
        QnetLexer lexer = new QnetLexer(CharStreams.fromString(file.text(), file.displayPath()));
        lexer.removeErrorListeners();
        QnetParser parser = new QnetParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        SyntaxErrorListener listener = new SyntaxErrorListener(file, diagnostics);
        parser.addErrorListener(listener);
        T tree = rule.apply(parser);
        if (listener.errorCount() > 0) return null;
        return build.apply(new AstBuilder(file), tree);
    }
}
