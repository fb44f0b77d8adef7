package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;

/** A name with its position (declared names, qubit names, metric names...). */
public record Ident(String name, Span span) {}
