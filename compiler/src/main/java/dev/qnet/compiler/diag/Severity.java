package dev.qnet.compiler.diag;

/** How bad a diagnostic is; only errors stop the compilation. */
public enum Severity {
    ERROR, WARNING, NOTE;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
