package dev.qnet.compiler.ablate;

import dev.qnet.core.Keyword;
import java.util.Locale;

/**
 * How a variant differs from the model it ablates. Its keyword is the suffix of the variant's name
 * ({@code qcnn/classical}) and is what a saved model records so {@code eval} rebuilds the same variant.
 */
public enum VariantKind implements Keyword {
    /** Every quantum stage replaced by its dense stand-in; quanvolutions kept. */
    CLASSICAL_STAGE,
    /** Every quanvolution replaced by its conv stand-in; quantum stages kept. */
    CLASSICAL_QUANV,
    /** Every quantum stage and every quanvolution replaced: no circuit is simulated. */
    CLASSICAL,
    /** The network unchanged, but every trainable circuit kept at its random initial angles. */
    FROZEN;

    @Override
    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
