package dev.qnet.core;

/** Loss weights per class: none, or balanced (inverse class frequency of the training split, mean 1). */
public enum ClassWeighting implements Keyword {
    NONE, BALANCED;
}
