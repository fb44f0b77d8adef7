package dev.qnet.compiler.builtin;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A builtin call's signature: its form, name and parameters in positional order; layers also
 * carry their {@link ShapeRule} (null for every other form).
 */
public record Signature(Form form, String name, List<Param> params, ShapeRule rule) {
    public Signature {
        params = List.copyOf(params);
    }

    public List<String> names() {
        return params.stream().map(Param::name).toList();
    }

    public Set<String> requiredNames() {
        return params.stream().filter(Param::required).map(Param::name).collect(Collectors.toUnmodifiableSet());
    }

    public Param param(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) return p;
        }
        throw new IllegalArgumentException(form.call(this.name) + " has no parameter '" + name + "'");
    }

    /** The call as messages name it. */
    public String call() {
        return form.call(name);
    }
}
