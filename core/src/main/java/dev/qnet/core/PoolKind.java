package dev.qnet.core;

/** Max or average pooling (windows, and the global forms over H and W). */
public enum PoolKind implements Keyword {
    MAX, AVG;
}
