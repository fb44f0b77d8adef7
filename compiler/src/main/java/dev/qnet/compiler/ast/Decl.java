package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;
import java.util.List;

/** Top-level declarations. */
public sealed interface Decl {
    Span span();

    record Import(String path, Span span) implements Decl {}

    record Const(Ident name, Expr value, Span span) implements Decl {}

    /** {@code dataset NAME = source(args) { preprocessing }}. */
    record Dataset(Ident name, Invocation source, List<Invocation> preprocessing, Span span) implements Decl {}

    record Block(Ident name, List<Param> params, List<LayerStmt> body, Span span) implements Decl {}

    /** {@code circuit NAME(a, b; t[15]) { gates }}; a parameter without size is an array of 1. */
    record Circuit(Ident name, List<Ident> qubits, List<CircuitParam> params, List<GateStmt> body, Span span) implements Decl {}

    record Network(Ident name, List<Param> params, List<LayerStmt> body, Span span) implements Decl {}

    /** {@code train ["title"] NET(args) on DATASET { settings }}. */
    record Train(String title, Ident network, List<Argument> arguments, Ident dataset, List<TrainSetting> settings, Span span)
            implements Decl {}

    /** {@code noise NAME { rules }}: a named noise model. */
    record Noise(Ident name, List<NoiseStmt> rules, Span span) implements Decl {}

    record CircuitParam(Ident name, Expr size, Span span) {}
}
