package dev.qnet.core;

/** The rotation axis of an angle encoding (quantum stages and quanvolution): the gate applied with the feature as angle. */
public enum Axis implements Keyword {
    RX, RY, RZ;

    /** The rotation gate about this axis. */
    public Gate gate() {
        return switch (this) {
            case RX -> Gate.RX;
            case RY -> Gate.RY;
            case RZ -> Gate.RZ;
        };
    }
}
