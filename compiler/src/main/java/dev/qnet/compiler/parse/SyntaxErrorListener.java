package dev.qnet.compiler.parse;

import dev.qnet.compiler.diag.Diagnostics;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.compiler.source.Span;
import dev.qnet.grammar.QnetLexer;
import dev.qnet.grammar.QnetParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Replaces ANTLR's console listener: turns its recovery reports into "expected X after Y"
 * diagnostics. Only the first syntax error of a line is kept, since ANTLR's recovery tends
 * to report follow-on errors that would only confuse.
 */
final class SyntaxErrorListener extends BaseErrorListener {
    private final SourceFile file;
    private final Diagnostics diagnostics;
    private final Set<Integer> linesWithErrors = new HashSet<>();
    private int errors;

    SyntaxErrorListener(SourceFile file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    int errorCount() { return errors; }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                            RecognitionException e) {
        errors++;
        if (!(recognizer instanceof Parser parser) || !(offendingSymbol instanceof Token offending)) {
            report(line, col + 1, col + 2, "syntax error: " + msg);
            return;
        }
        if (offending.getType() == QnetLexer.ErrorCharacter) {
            if (offending.getText().equals("\"")) {
                report(line, col + 1, col + 2, "unterminated string: a string must end with '\"' on the same line");
            } else {
                report(line, col + 1, col + 2, "unexpected character '" + printable(offending.getText()) + "'");
            }
            return;
        }
        IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
        String what = describe(expected);
        String where = phrase(parser.getContext());
        Token previous = previousToken(parser.getInputStream(), offending);
        if (offending.getType() == Token.EOF && previous != null) {
            int endCol = previous.getCharPositionInLine() + previous.getText().length() + 1;
            report(previous.getLine(), endCol, endCol + 1, "unexpected end of file" + (what != null ? ", expected " + what : ""));
            return;
        }
        boolean missingSomething = msg.startsWith("missing")
                || (previous != null && previous.getLine() < offending.getLine() && expected != null && expected.size() <= 2);
        if (missingSomething && previous != null && what != null) {
            // Point just after the last good token: that is where something is missing.
            int endCol = previous.getCharPositionInLine() + previous.getText().length() + 1;
            String found = offending.getType() == Token.EOF ? "end of file" : "'" + printable(offending.getText()) + "'";
            report(previous.getLine(), endCol, endCol + 1,
                    "expected " + what + " after " + (where != null ? where : "'" + printable(previous.getText()) + "'")
                            + ", found " + found);
            return;
        }
        String text = offending.getType() == Token.EOF ? "end of file" : "'" + printable(offending.getText()) + "'";
        int width = offending.getType() == Token.EOF ? 1 : Math.max(1, offending.getText().length());
        if (what == null) {
            report(line, col + 1, col + 1 + width, "unexpected " + text + (where != null ? " in " + where : ""));
        } else {
            report(line, col + 1, col + 1 + width, "unexpected " + text + (where != null ? " in " + where : "")
                    + ", expected " + what);
        }
    }

    private void report(int line, int col, int endCol, String message) {
        if (!linesWithErrors.add(line)) return;
        diagnostics.error("qnet.syntax", new Span(file, line, col, endCol), message);
    }

    private static Token previousToken(TokenStream tokens, Token offending) {
        for (int i = offending.getTokenIndex() - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) return t;
        }
        return null;
    }

    /** Names the construct being parsed, for "expected ')' after arguments". */
    private static String phrase(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            switch (c.getRuleIndex()) {
                case QnetParser.RULE_argumentList, QnetParser.RULE_argument, QnetParser.RULE_argumentName, QnetParser.RULE_invocation: return "arguments";
                case QnetParser.RULE_parameterList, QnetParser.RULE_parameter: return "parameters";
                case QnetParser.RULE_circuitParameter: return "circuit parameters";
                case QnetParser.RULE_expressionList: return "list";
                case QnetParser.RULE_qubitRef: return "qubit";
                case QnetParser.RULE_gateStatement: return "gate";
                case QnetParser.RULE_quantumStatement: return "quantum statement";
                case QnetParser.RULE_trainSetting: return "train setting";
                case QnetParser.RULE_layerStatement: return "layer";
                case QnetParser.RULE_expression: return "expression";
                case QnetParser.RULE_declaration: return "declaration";
                default: break;
            }
        }
        return null;
    }

    /** "')'", "')' or ','", "an expression", "a declaration"; null if nothing helpful. */
    static String describe(IntervalSet expected) {
        if (expected == null || expected.isNil()) return null;
        List<Integer> types = expected.toList();
        if (types.contains(QnetLexer.IMPORT) && types.contains(QnetLexer.NETWORK)) {
            return "a declaration (import, const, dataset, block, circuit, network, train)";
        }
        if (types.contains(QnetLexer.IntegerLiteral) && types.contains(QnetLexer.LPAREN)) return "an expression";
        if (types.contains(QnetLexer.OPTIMIZER) && types.contains(QnetLexer.METRICS)) {
            return types.contains(QnetLexer.RBRACE) ? "a train setting or '}'" : "a train setting";
        }
        if (types.contains(QnetLexer.ENCODE) && types.contains(QnetLexer.MEASURE)) {
            return types.contains(QnetLexer.RBRACE) ? "a quantum statement or '}'" : "a quantum statement";
        }
        if (types.contains(QnetLexer.REPEAT) && types.contains(QnetLexer.RESIDUAL)) {
            return types.contains(QnetLexer.RBRACE) ? "a layer or '}'" : "a layer";
        }
        List<String> names = new ArrayList<>();
        for (int t : types) {
            if (t == Token.EOF) names.add("end of file");
            else names.add(displayName(t));
        }
        if (names.size() > 4) return null;
        return String.join(" or ", names);
    }

    private static String displayName(int type) {
        if (type == QnetLexer.Identifier) return "a name";
        if (type == QnetLexer.StringLiteral) return "a string";
        if (type == QnetLexer.IntegerLiteral) return "an integer";
        if (type == QnetLexer.SettingName) return "a setting";
        String literal = QnetLexer.VOCABULARY.getLiteralName(type);
        return literal != null ? literal : QnetLexer.VOCABULARY.getSymbolicName(type);
    }

    private static String printable(String text) {
        if (text == null) return "?";
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 32 || c == 127) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.length() > 20 ? b.substring(0, 20) + "..." : b.toString();
    }
}
