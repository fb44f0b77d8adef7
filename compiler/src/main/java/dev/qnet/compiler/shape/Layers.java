package dev.qnet.compiler.shape;

import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Shape;
import dev.qnet.compiler.resolve.CheckError;
import dev.qnet.compiler.resolve.Value;
import dev.qnet.compiler.source.Span;
import java.util.List;
import java.util.Map;

/**
 * Shape rules and parameter counts of the builtin layers (PyTorch semantics: floor division,
 * zero padding on every side). conv pads k/2 by default ("same" for odd k at stride 1); pools
 * pad 0 and stride k by default. dense accepts [F], or [C,1,1] with an implied flatten; any
 * other image input is an error (write flatten or globalavgpool).
 */
final class Layers {
    private Layers() {}

    static Node build(String path, String name, Map<String, Value> args, Shape in, Span at) {
        switch (name) {
            case "conv": {
                Shape x = image(name, in, at);
                int out = atLeast(args, "out", 1, name, at);
                int k = atLeast(args, "k", 1, name, at);
                int stride = atLeast(args, "stride", 1, name, at);
                int padding = args.get("padding") == null ? k / 2 : atLeast(args, "padding", 0, name, at);
                int groups = atLeast(args, "groups", 1, name, at);
                boolean bias = ((Value.Bool) args.get("bias")).value();
                if (x.channels() % groups != 0 || out % groups != 0) {
                    throw new CheckError("qnet.shape.groups", at, "conv groups " + groups + " must divide both input channels ("
                            + x.channels() + ") and output channels (" + out + ")");
                }
                int h = spatial(name, x.height(), k, stride, padding, "height", at);
                int w = spatial(name, x.width(), k, stride, padding, "width", at);
                long params = (long) out * (x.channels() / groups) * k * k + (bias ? out : 0);
                return new Node.Conv(path, in, Shape.image(out, h, w), x.channels(), out, k, stride, padding, groups, bias, params, at);
            }
            case "bn":
            case "batchnorm": {
                if (!in.isImage() && !in.isVector()) throw new CheckError("qnet.shape.rank", at, "batchnorm needs [C, H, W] or [F]");
                double eps = num(args, "eps");
                double momentum = num(args, "momentum");
                if (eps <= 0 || momentum < 0 || momentum > 1) {
                    throw new CheckError("qnet.args.range", at, "batchnorm needs eps > 0 and momentum in [0, 1]");
                }
                return new Node.BatchNorm(path, in, in, in.channels(), eps, momentum, 2L * in.channels(), at);
            }
            case "relu": case "gelu": case "tanh": case "sigmoid":
                return new Node.Activation(path, in, in, name, at);
            case "softmax":
                if (!in.isVector()) throw new CheckError("qnet.shape.rank", at, "softmax needs a vector input [F], found " + in);
                return new Node.Activation(path, in, in, name, at);
            case "maxpool": case "avgpool": {
                Shape x = image(name, in, at);
                int k = atLeast(args, "k", 1, name, at);
                int stride = args.get("stride") == null ? k : atLeast(args, "stride", 1, name, at);
                int padding = atLeast(args, "padding", 0, name, at);
                if (padding > k / 2) {
                    throw new CheckError("qnet.args.range", at, name + " padding must be at most half the kernel (" + k / 2
                            + "), found " + padding);
                }
                int h = spatial(name, x.height(), k, stride, padding, "height", at);
                int w = spatial(name, x.width(), k, stride, padding, "width", at);
                return new Node.Pool(path, in, Shape.image(x.channels(), h, w), name.substring(0, 3), k, stride, padding, at);
            }
            case "globalavgpool": case "globalmaxpool": {
                Shape x = image(name, in, at);
                return new Node.GlobalPool(path, in, Shape.vector(x.channels()), name.substring(6, 9), at);
            }
            case "flatten":
                return new Node.Flatten(path, in, Shape.vector(checkedSize(in, at)), at);
            case "dropout": {
                double p = num(args, "p");
                if (p < 0 || p >= 1) throw new CheckError("qnet.args.range", at, "dropout probability must be in [0, 1), found " + p);
                return new Node.Dropout(path, in, in, p, at);
            }
            case "dense": {
                int units = atLeast(args, "units", 1, name, at);
                boolean bias = ((Value.Bool) args.get("bias")).value();
                if (in.isImage() && in.height() == 1 && in.width() == 1) {
                    Shape flat = Shape.vector(in.channels());
                    Node flatten = new Node.Flatten(path + ".flatten", in, flat, at);
                    Node dense = dense(path + ".dense", flat, units, bias, at);
                    return new Node.Sequence(path, in, dense.output(), List.of(flatten, dense), dense.params(), at);
                }
                if (!in.isVector()) {
                    throw new CheckError("qnet.shape.dense", at, "dense needs a vector input [F], found " + in,
                            "insert 'flatten' (or 'globalavgpool') before 'dense'");
                }
                return dense(path, in, units, bias, at);
            }
            default:
                throw new IllegalStateException("builtin " + name);
        }
    }

    private static Node dense(String path, Shape in, int units, boolean bias, Span at) {
        long params = (long) in.dims().get(0) * units + (bias ? units : 0);
        return new Node.Dense(path, in, Shape.vector(units), in.dims().get(0), units, bias, params, at);
    }

    private static int checkedSize(Shape in, Span at) {
        if (in.size() > Integer.MAX_VALUE) throw new CheckError("qnet.shape.size", at, "flattened size " + in.size() + " is too large");
        return (int) in.size();
    }

    private static Shape image(String layer, Shape in, Span at) {
        if (!in.isImage()) {
            throw new CheckError("qnet.shape.rank", at, layer + " needs an image input [C, H, W], found " + in);
        }
        return in;
    }

    private static int spatial(String layer, int size, int k, int stride, int padding, String dim, Span at) {
        long out = Math.floorDiv((long) size + 2L * padding - k, stride) + 1;
        if (out <= 0) {
            throw new CheckError("qnet.shape.empty", at, layer + " makes the " + dim + " " + (out == 0 ? "0" : "negative")
                    + ": input " + size + ", kernel " + k + ", stride " + stride + ", padding " + padding);
        }
        return (int) out;
    }

    private static int atLeast(Map<String, Value> args, String name, int min, String layer, Span at) {
        double v = ((Value.Num) args.get(name)).value();
        if (v < min || v > 1_000_000) {
            throw new CheckError("qnet.args.range", at, "'" + name + "' of '" + layer + "' must be " + (min == 0 ? "non-negative" : "positive")
                    + ", found " + (long) v);
        }
        return (int) v;
    }

    private static double num(Map<String, Value> args, String name) { return ((Value.Num) args.get(name)).value(); }
}
