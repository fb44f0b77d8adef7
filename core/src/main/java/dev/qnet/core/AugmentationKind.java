package dev.qnet.core;

/** Random augmentations of training images. */
public enum AugmentationKind implements Keyword {
    ROTATE, FLIP, ZOOM, TRANSLATE;
}
