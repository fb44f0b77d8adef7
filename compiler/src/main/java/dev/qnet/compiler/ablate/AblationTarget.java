package dev.qnet.compiler.ablate;

import dev.qnet.core.Keyword;

/** What {@code --ablate} takes away from a model: today only its quantum parts. */
public enum AblationTarget implements Keyword {
    /** Every quantum stage and quanvolution: classical stand-ins, and the circuit frozen at its initial angles. */
    QUANTUM
}
