package dev.qnet.compiler.parse;

import dev.qnet.compiler.ast.Argument;
import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ast.Expr;
import dev.qnet.compiler.ast.GateStmt;
import dev.qnet.compiler.ast.Ident;
import dev.qnet.compiler.ast.Invocation;
import dev.qnet.compiler.ast.LayerStmt;
import dev.qnet.compiler.ast.Module;
import dev.qnet.compiler.ast.NoiseStmt;
import dev.qnet.compiler.ast.Param;
import dev.qnet.compiler.ast.QuantumStmt;
import dev.qnet.compiler.ast.TrainSetting;
import dev.qnet.compiler.source.SourceFile;
import dev.qnet.compiler.source.Span;
import dev.qnet.grammar.QnetParser.*;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Parse tree to AST. Only called on trees without syntax errors, so every required child is
 * present. Every node gets a span; a node's span is its first line (diagnostics underline
 * one line), from its first token to its last token on that line.
 */
final class AstBuilder {
    private final SourceFile file;

    AstBuilder(SourceFile file) { this.file = file; }

    Module module(ProgramContext ctx) {
        List<Decl> decls = new ArrayList<>();
        for (DeclarationContext d : ctx.declaration()) decls.add(declaration(d));
        return new Module(file, List.copyOf(decls));
    }

    /** {@code width=32} given on the command line: a named argument. */
    Argument commandLineArgument(CommandLineArgumentContext ctx) {
        return new Argument(ident(ctx.name), expr(ctx.value), span(ctx));
    }

    private Decl declaration(DeclarationContext ctx) {
        if (ctx instanceof ImportDeclarationContext c) {
            return new Decl.Import(unquote(c.path.getText()), span(c.path));
        } else if (ctx instanceof ConstDeclarationContext c) {
            return new Decl.Const(ident(c.name), expr(c.value), span(ctx));
        } else if (ctx instanceof DatasetDeclarationContext c) {
            Invocation source = new Invocation(ident(c.source), arguments(c.arguments), span(c.source).to(span(c.RPAREN().getSymbol())));
            List<Invocation> steps = new ArrayList<>();
            for (PreprocessStatementContext p : c.preprocessStatement()) steps.add(invocation(p.invocation()));
            return new Decl.Dataset(ident(c.name), source, List.copyOf(steps), span(ctx));
        } else if (ctx instanceof BlockDeclarationContext c) {
            return new Decl.Block(ident(c.name), params(c.params), layers(c.layerStatement()), span(ctx));
        } else if (ctx instanceof CircuitDeclarationContext c) {
            List<Ident> qubits = new ArrayList<>();
            for (TerminalNode t : c.qubits.Identifier()) qubits.add(ident(t.getSymbol()));
            List<Decl.CircuitParam> params = new ArrayList<>();
            for (CircuitParameterContext p : c.circuitParameter()) {
                params.add(new Decl.CircuitParam(ident(p.name), p.size == null ? null : expr(p.size), span(p)));
            }
            List<GateStmt> gates = new ArrayList<>();
            for (GateStatementContext g : c.gateStatement()) gates.add(gate(g));
            return new Decl.Circuit(ident(c.name), List.copyOf(qubits), List.copyOf(params), List.copyOf(gates), span(ctx));
        } else if (ctx instanceof NetworkDeclarationContext c) {
            return new Decl.Network(ident(c.name), params(c.params), layers(c.layerStatement()), span(ctx));
        } else if (ctx instanceof TrainDeclarationContext c) {
            List<TrainSetting> settings = new ArrayList<>();
            for (TrainSettingContext s : c.trainSetting()) settings.add(setting(s));
            return new Decl.Train(c.title == null ? null : unquote(c.title.getText()), ident(c.network), arguments(c.arguments),
                    ident(c.dataset), List.copyOf(settings), span(ctx));
        } else if (ctx instanceof NoiseDeclarationContext c) {
            List<NoiseStmt> rules = new ArrayList<>();
            for (NoiseStatementContext r : c.noiseStatement()) {
                List<Ident> after = new ArrayList<>();
                for (Token t : r.targets) after.add(ident(t));
                List<Expr> on = new ArrayList<>();
                for (ExpressionContext e : r.qubits) on.add(expr(e));
                rules.add(new NoiseStmt(invocation(r.invocation()), after, on, span(r)));
            }
            return new Decl.Noise(ident(c.name), List.copyOf(rules), span(ctx));
        }
        throw new IllegalStateException("unhandled declaration " + ctx.getClass().getSimpleName());
    }

    private List<Param> params(ParameterListContext ctx) {
        List<Param> list = new ArrayList<>();
        if (ctx == null) return list;
        for (ParameterContext p : ctx.parameter()) {
            list.add(new Param(ident(p.name), p.defaultValue == null ? null : expr(p.defaultValue), span(p)));
        }
        return List.copyOf(list);
    }

    private List<LayerStmt> layers(List<LayerStatementContext> list) {
        List<LayerStmt> out = new ArrayList<>();
        for (LayerStatementContext l : list) out.add(layer(l));
        return List.copyOf(out);
    }

    private LayerStmt layer(LayerStatementContext ctx) {
        if (ctx instanceof InputStatementContext c) {
            return new LayerStmt.Input(expressions(c.dims), span(ctx));
        } else if (ctx instanceof RepeatStatementContext c) {
            return new LayerStmt.Repeat(expr(c.count), layers(c.layerStatement()), span(c.REPEAT().getSymbol()).to(span(c.count)));
        } else if (ctx instanceof ResidualStatementContext c) {
            return new LayerStmt.Residual(layers(c.branch), c.SHORTCUT() == null ? null : layers(c.shortcut),
                    span(c.RESIDUAL().getSymbol()));
        } else if (ctx instanceof QuantumStageStatementContext c) {
            List<QuantumStmt> body = new ArrayList<>();
            for (QuantumStatementContext q : c.quantumStatement()) body.add(quantum(q));
            return new LayerStmt.Quantum(arguments(c.arguments), List.copyOf(body),
                    span(c.QUANTUM().getSymbol()).to(span(c.RPAREN().getSymbol())));
        } else if (ctx instanceof LayerCallStatementContext c) {
            Invocation inv = invocation(c.invocation());
            return new LayerStmt.Call(inv, inv.span());
        }
        throw new IllegalStateException("unhandled layer statement " + ctx.getClass().getSimpleName());
    }

    private QuantumStmt quantum(QuantumStatementContext ctx) {
        if (ctx instanceof EncodeStatementContext c) {
            return new QuantumStmt.Encode(invocation(c.invocation()), span(ctx));
        } else if (ctx instanceof QconvStatementContext c) {
            return new QuantumStmt.QConv(invocation(c.invocation()), span(ctx));
        } else if (ctx instanceof QpoolStatementContext c) {
            return new QuantumStmt.QPool(invocation(c.invocation()), span(ctx));
        } else if (ctx instanceof MeasureStatementContext c) {
            return new QuantumStmt.Measure(ident(c.kind), span(ctx));
        } else if (ctx instanceof GateQuantumStatementContext c) {
            GateStmt g = gate(c.gateStatement());
            return new QuantumStmt.Gate(g, g.span());
        }
        throw new IllegalStateException("unhandled quantum statement " + ctx.getClass().getSimpleName());
    }

    private GateStmt gate(GateStatementContext ctx) {
        List<GateStmt.QubitRef> qubits = new ArrayList<>();
        for (QubitRefContext q : ctx.qubitRef()) {
            qubits.add(new GateStmt.QubitRef(ident(q.name), q.index == null ? null : expr(q.index), span(q)));
        }
        return new GateStmt(ident(ctx.gate), expressions(ctx.angles), List.copyOf(qubits), span(ctx));
    }

    private TrainSetting setting(TrainSettingContext ctx) {
        Span s = span(ctx);
        if (ctx instanceof OptimizerSettingContext c) return new TrainSetting.Optimizer(invocation(c.invocation()), s);
        if (ctx instanceof ScheduleSettingContext c) return new TrainSetting.Schedule(invocation(c.invocation()), s);
        if (ctx instanceof AugmentSettingContext c) {
            List<Invocation> steps = new ArrayList<>();
            for (InvocationContext i : c.invocation()) steps.add(invocation(i));
            return new TrainSetting.Augment(List.copyOf(steps), span(c.AUGMENT().getSymbol()));
        }
        if (ctx instanceof MetricsSettingContext c) {
            List<Ident> names = new ArrayList<>();
            for (var m : c.metricName()) names.add(ident(m.getStart()));
            return new TrainSetting.Metrics(List.copyOf(names), s);
        }
        if (ctx instanceof EarlyStopSettingContext c) return new TrainSetting.EarlyStop(arguments(c.arguments), s);
        if (ctx instanceof ValueSettingContext c) return new TrainSetting.Value(ident(c.name), expr(c.value), s);
        throw new IllegalStateException("unhandled train setting " + ctx.getClass().getSimpleName());
    }

    private Invocation invocation(InvocationContext ctx) {
        return new Invocation(ident(ctx.name), arguments(ctx.arguments), span(ctx));
    }

    private List<Argument> arguments(ArgumentListContext ctx) {
        List<Argument> list = new ArrayList<>();
        if (ctx == null) return list;
        for (ArgumentContext a : ctx.argument()) {
            list.add(new Argument(a.name == null ? null : ident(a.name.getStart()), expr(a.value), span(a)));
        }
        return List.copyOf(list);
    }

    private List<Expr> expressions(ExpressionListContext ctx) {
        List<Expr> list = new ArrayList<>();
        if (ctx == null) return list;
        for (ExpressionContext e : ctx.expression()) list.add(expr(e));
        return List.copyOf(list);
    }

    private Expr expr(ExpressionContext ctx) {
        Span s = span(ctx);
        if (ctx instanceof ParenthesisExpressionContext c) return expr(c.expression());
        if (ctx instanceof IndexExpressionContext c) return new Expr.Index(c.target.getText(), span(c.target), expr(c.index), s);
        if (ctx instanceof PowerExpressionContext c) return new Expr.Binary("**", expr(c.left), expr(c.right), s);
        if (ctx instanceof UnaryExpressionContext c) return new Expr.Unary(c.op.getText(), expr(c.operand), s);
        if (ctx instanceof MultiplicativeExpressionContext c) return new Expr.Binary(c.op.getText(), expr(c.left), expr(c.right), s);
        if (ctx instanceof AdditiveExpressionContext c) return new Expr.Binary(c.op.getText(), expr(c.left), expr(c.right), s);
        if (ctx instanceof IntegerExpressionContext c) {
            String digits = c.getText().replace("_", "");
            try {
                return new Expr.IntLit(Long.parseLong(digits), s);
            } catch (NumberFormatException e) {
                return new Expr.FloatLit(Double.parseDouble(digits), s); // too large for long: checked later
            }
        }
        if (ctx instanceof FloatExpressionContext c) return new Expr.FloatLit(Double.parseDouble(c.getText().replace("_", "")), s);
        if (ctx instanceof DegreeExpressionContext c) {
            String t = c.getText();
            return new Expr.DegreeLit(Double.parseDouble(t.substring(0, t.length() - 3).replace("_", "")), s);
        }
        if (ctx instanceof StringExpressionContext c) return new Expr.StringLit(unquote(c.getText()), s);
        if (ctx instanceof BooleanExpressionContext c) return new Expr.BoolLit(c.TRUE() != null, s);
        if (ctx instanceof IdentifierExpressionContext c) return new Expr.Name(c.getText(), s);
        throw new IllegalStateException("unhandled expression " + ctx.getClass().getSimpleName());
    }

    private Ident ident(Token t) { return new Ident(t.getText(), span(t)); }

    private Span span(Token t) {
        int col = t.getCharPositionInLine() + 1;
        String text = t.getText();
        int nl = text.indexOf('\n');
        int len = nl >= 0 ? nl : text.length();
        return new Span(file, t.getLine(), col, col + Math.max(1, len));
    }

    /** From the first token to the last token that is still on the first line. */
    private Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        Span s = span(start);
        if (stop != null && stop.getLine() == start.getLine() && stop.getTokenIndex() >= start.getTokenIndex()) {
            s = s.to(span(stop));
        }
        return s;
    }

    private static String unquote(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                b.append(switch (n) { case 'n' -> '\n'; case 't' -> '\t'; default -> n; });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

}
