package dev.qnet.core;

/** Which flips {@code flip(...)} draws, each with probability 0.5. */
public enum FlipMode implements Keyword {
    HORIZONTAL, VERTICAL, BOTH;
}
