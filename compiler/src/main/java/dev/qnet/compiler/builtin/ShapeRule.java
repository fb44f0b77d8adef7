package dev.qnet.compiler.builtin;

import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.source.Span;

/**
 * How a builtin layer turns its typed arguments and input shape into an IR node: checks ranges,
 * infers the output shape and counts parameters. Throws {@code CheckError} on a problem.
 */
@FunctionalInterface
public interface ShapeRule {
    Node infer(String path, Arguments args, Shape in, Span at);
}
