package dev.qnet.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A member of a closed vocabulary that a {@code .qnet} file spells with a keyword (a gate, an
 * activation, an optimizer, ...). The enums of this package implement it, so the compiler looks
 * words up, lists them in "expected one of" hints, and the runtime switches over the enum.
 */
public interface Keyword {

    /** The spelling in source: the constant's name in lower case ({@code relu}, {@code cnot}). */
    default String keyword() {
        return toString().toLowerCase(Locale.ROOT);
    }

    /** Other spellings accepted for the same member ({@code cx} for {@code cnot}); none by default. */
    default List<String> aliases() {
        return List.of();
    }

    /** The member of {@code values} spelled {@code word} (keyword or alias), if any. */
    static <E extends Enum<E> & Keyword> Optional<E> lookup(E[] values, String word) {
        for (E e : values) {
            if (e.keyword().equals(word) || e.aliases().contains(word)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #lookup}, for words from outside a source file (command-line overrides, saved models). */
    static <E extends Enum<E> & Keyword> E parse(E[] values, String word, String what) {
        return lookup(values, word).orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + word
                + "'; expected one of " + String.join(", ", keywords(values))));
    }

    /** Every spelling, keywords and aliases, in declaration order (for did-you-mean hints). */
    static <E extends Enum<E> & Keyword> List<String> spellings(E[] values) {
        List<String> out = new ArrayList<>();
        for (E e : values) {
            out.add(e.keyword());
            out.addAll(e.aliases());
        }
        return out;
    }

    /** The keywords only, in declaration order. */
    static <E extends Enum<E> & Keyword> List<String> keywords(E[] values) {
        List<String> out = new ArrayList<>();
        for (E e : values) {
            out.add(e.keyword());
        }
        return out;
    }
}
