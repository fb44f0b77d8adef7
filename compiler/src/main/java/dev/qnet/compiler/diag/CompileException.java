package dev.qnet.compiler.diag;

/** A user-facing failure outside any source position (e.g. the main file cannot be read). */
public final class CompileException extends RuntimeException {
    public CompileException(String message) { super(message); }
}
