package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;
import java.util.List;

/** A call-like form: a layer, preprocessing step, optimizer, schedule, augmentation, encoding. */
public record Invocation(Ident name, List<Argument> arguments, Span span) {}
