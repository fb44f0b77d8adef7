package dev.qnet.compiler.builtin;

import dev.qnet.compiler.resolve.Value;

/**
 * One builtin parameter. {@code defaultValue == null && required}: it must be given;
 * {@code defaultValue == null && !required}: its default is computed from the other arguments
 * (conv padding = k/2, pool stride = k), which the shape rule documents.
 */
public record Param(String name, ParamType type, Value defaultValue, boolean required) {

    public static Param required(String name, ParamType type) {
        return new Param(name, type, null, true);
    }

    public static Param optional(String name, ParamType type, Value defaultValue) {
        return new Param(name, type, defaultValue, false);
    }

    /** An optional parameter whose default the shape rule computes. */
    public static Param computed(String name, ParamType type) {
        return new Param(name, type, null, false);
    }
}
