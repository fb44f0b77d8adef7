package dev.qnet.compiler.ast;

import dev.qnet.compiler.source.Span;
import java.util.List;

/** One setting of a {@code train} section; {@link #keyword()} is the setting's keyword. */
public sealed interface TrainSetting {
    Span span();

    String keyword();

    record Optimizer(Invocation optimizer, Span span) implements TrainSetting { public String keyword() { return "optimizer"; } }

    record Schedule(Invocation schedule, Span span) implements TrainSetting { public String keyword() { return "schedule"; } }

    /** {@code name value}: epochs, batch, seed, positive, select, class_weights, loss, ... (core's Setting). */
    record Value(Ident name, Expr value, Span span) implements TrainSetting {
        public String keyword() { return name.name(); }
    }

    record Augment(List<Invocation> steps, Span span) implements TrainSetting { public String keyword() { return "augment"; } }

    record Metrics(List<Ident> metrics, Span span) implements TrainSetting { public String keyword() { return "metrics"; } }

    record EarlyStop(List<Argument> arguments, Span span) implements TrainSetting { public String keyword() { return "early_stop"; } }
}
