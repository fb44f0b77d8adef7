package dev.qnet.core;

/** Where a dataset declaration's images come from. */
public enum DatasetSource implements Keyword {
    MEDMNIST, MNIST, FASHIONMNIST, FOLDER;
}
