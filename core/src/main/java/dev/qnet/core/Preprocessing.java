package dev.qnet.core;

/** Dataset preprocessing steps: normalize (per-channel mean/std of the training split), resize(n), grayscale. */
public enum Preprocessing implements Keyword {
    NORMALIZE, RESIZE, GRAYSCALE;
}
