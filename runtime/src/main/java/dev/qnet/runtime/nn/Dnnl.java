package dev.qnet.runtime.nn;

import java.nio.ByteBuffer;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * oneDNN called directly (through its JavaCPP presets) for the float32 convolutions and batch
 * norms that dominate a CNN step.
 *
 * <p>Why not through libnd4j's {@code conv2d}/{@code conv2d_bp}: those take NCHW arrays and, on
 * every call, reorder the input and output to the layout oneDNN's kernels want (NHWC forward,
 * nChw16c backward), reordering the same tensors twice in backward. On ResNet-50 at batch 32
 * those reorders were 20% of the step. Here activations stay in NHWC memory from layer to
 * layer: an activation is still a logical {@code [N, C, H, W]} INDArray (so shapes, tests and
 * every other layer are unchanged), but its memory is a permuted view of an {@code [N, H, W, C]}
 * buffer, which oneDNN's AVX2/AVX-512 kernels read as is. Layers keep their primitives, so a
 * step creates no descriptors.
 *
 * <p>The engine and stream are one CPU engine and one in-order stream for the process; oneDNN
 * runs its primitives on the same OpenMP threads as libnd4j (it is the same library instance).
 */
final class Dnnl {

    static final engine ENGINE = new engine(engine.kind.cpu, 0);
    static final stream STREAM = new stream(ENGINE);

    private Dnnl() {
    }

    /**
     * Whether this array can go through the direct oneDNN path: float32 feature maps, or the
     * bfloat16 ones that {@code precision bf16} keeps between its layers.
     */
    static boolean supports(INDArray a) {
        return isFeatureType(a.dataType()) && a.rank() == 4;
    }

    /** The element types of feature maps on the oneDNN path. */
    static boolean isFeatureType(DataType t) {
        return t == DataType.FLOAT || t == DataType.BFLOAT16;
    }

    /** oneDNN's name for a feature-map element type. */
    static memory.data_type type(DataType t) {
        return switch (t) {
            case FLOAT -> memory.data_type.f32;
            case BFLOAT16 -> memory.data_type.bf16;
            default -> throw new IllegalArgumentException("no oneDNN feature-map type for " + t);
        };
    }

    /** A logical NCHW descriptor for float32 memory laid out NHWC. */
    static memory.desc nhwc(long[] nchw) {
        return nhwc(nchw, memory.data_type.f32);
    }

    static memory.desc nhwc(long[] nchw, memory.data_type type) {
        return new memory.desc(nchw, type, memory.format_tag.nhwc);
    }

    /** A weight descriptor of {@code type} whose layout the primitive chooses. */
    static memory.desc any(memory.data_type type, long... dims) {
        return new memory.desc(dims, type, memory.format_tag.any);
    }

    static memory.desc tagged(long[] dims, memory.format_tag tag) {
        return tagged(dims, memory.data_type.f32, tag);
    }

    static memory.desc tagged(long[] dims, memory.data_type type, memory.format_tag tag) {
        return new memory.desc(dims, type, tag);
    }

    /** A descriptor that lets the primitive choose the layout (used for weights). */
    static memory.desc any(long... dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    /** True when the logical NCHW array {@code a} lies in memory as a dense NHWC block. */
    static boolean isNhwc(INDArray a) {
        if (a.rank() != 4) {
            return false;
        }
        long[] s = a.stride();
        long c = a.size(1);
        long h = a.size(2);
        long w = a.size(3);
        return (c == 1 || s[1] == 1) && (w == 1 || s[3] == c) && (h == 1 || s[2] == w * c)
                && (a.size(0) == 1 || s[0] == h * w * c);
    }

    /**
     * Whether {@code a} is a float32 or bfloat16 array that fills its memory densely in a layout
     * {@link #like} keeps: NHWC (more than one channel) or plain row-major.
     */
    static boolean isDense(INDArray a) {
        return isFeatureType(a.dataType()) && (nhwcWithChannels(a) || Shape.hasDefaultStridesForShape(a));
    }

    /** Both dense in the same layout and type, so their flat memories correspond element by element. */
    static boolean sameDenseLayout(INDArray a, INDArray b) {
        return isDense(a) && isDense(b) && a.dataType() == b.dataType() && java.util.Arrays.equals(a.shape(), b.shape())
                && nhwcWithChannels(a) == nhwcWithChannels(b);
    }

    /** NHWC memory that differs from NCHW memory (more than one channel). */
    static boolean nhwcWithChannels(INDArray a) {
        return a.rank() == 4 && a.size(1) > 1 && isNhwc(a);
    }

    /**
     * A new uninitialised logical {@code [n, c, h, w]} array with NHWC memory, from the step's
     * {@link BufferPool} when one is active.
     */
    static INDArray createNhwc(long n, long c, long h, long w) {
        return createNhwc(DataType.FLOAT, n, c, h, w);
    }

    static INDArray createNhwc(DataType type, long n, long c, long h, long w) {
        return BufferPool.create(type, n, h, w, c).permute(0, 3, 1, 2);
    }

    /** {@code a} itself when its memory is NHWC, else an NHWC copy of the same type. */
    static INDArray asNhwc(INDArray a) {
        if (isNhwc(a)) {
            return a;
        }
        INDArray r = createNhwc(a.dataType(), a.size(0), a.size(1), a.size(2), a.size(3));
        r.assign(a);
        return r;
    }

    /** An array like {@code a} (same logical shape and type) with NHWC memory when {@code a} has it. */
    static INDArray like(INDArray a) {
        return like(a, a.dataType());
    }

    /** An array of {@code type} with {@code a}'s logical shape, with NHWC memory when {@code a} has it. */
    static INDArray like(INDArray a, DataType type) {
        return isFeatureType(type) && nhwcWithChannels(a)
                ? createNhwc(type, a.size(0), a.size(1), a.size(2), a.size(3)) : BufferPool.create(type, a.shape());
    }

    /**
     * {@code a} itself when it has {@code like}'s type (and, for bfloat16, its dense layout: the
     * bfloat16 kernels are oneDNN's, on flat memory), else a copy in {@code like}'s type and layout.
     */
    static INDArray convertedLike(INDArray a, INDArray like) {
        if (a.dataType() == like.dataType() && (like.dataType() != DataType.BFLOAT16 || sameDenseLayout(a, like))) {
            return a;
        }
        INDArray out = like(like);
        out.assign(a);
        return out;
    }

    /**
     * {@code a} itself when it has {@code type}, else a copy in {@code type} with the same layout
     * (where a bfloat16 feature map meets a layer that computes in float32, and back).
     */
    static INDArray converted(INDArray a, DataType type) {
        if (a.dataType() == type) {
            return a;
        }
        INDArray out = like(a, type);
        INDArray[] v = storage(a, out);
        v[1].assign(v[0]);
        return out;
    }

    /**
     * Every array seen in storage order when all of them have NHWC memory: an NHWC array as its
     * dense {@code [N, H, W, C]} view, so a pairwise op runs one contiguous loop. Otherwise the
     * arrays unchanged (logical views: correct, strided loops).
     */
    static INDArray[] storage(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!nhwcWithChannels(a)) {
                return arrays;
            }
        }
        INDArray[] r = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            r[i] = arrays[i].permute(0, 2, 3, 1);
        }
        return r;
    }

    /**
     * The positions {@code (i stride, j stride)}, i < oh, j < ow, of the NHWC {@code a} as a new
     * dense NHWC {@code [N, C, oh, ow]} of its type: the input a 1x1 convolution of that stride reads.
     */
    static INDArray subsample(INDArray a, long stride, long oh, long ow) {
        INDArray sub = createNhwc(a.dataType(), a.size(0), a.size(1), oh, ow);
        copyStrided(a, sub, stride, false);
        return sub;
    }

    /** A new NHWC {@code [N, C, h, w]} of zeros with {@code sub} at positions {@code (i stride, j stride)}. */
    static INDArray scatterIntoZeros(INDArray sub, long stride, long h, long w) {
        INDArray full = createNhwc(sub.dataType(), sub.size(0), sub.size(1), h, w);
        full.permute(0, 2, 3, 1).assign(0);
        copyStrided(full, sub, stride, true);
        return full;
    }

    /** Channel vector by channel vector (contiguous in NHWC) between the strided positions of full and sub. */
    private static void copyStrided(INDArray full, INDArray sub, long stride, boolean intoFull) {
        if (!isNhwc(full) || !isNhwc(sub) || !isFeatureType(full.dataType()) || full.dataType() != sub.dataType()
                || full.length() * full.data().getElementSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("strided copy needs NHWC arrays of one float type");
        }
        ByteBuffer f = bytes(full);
        ByteBuffer s = bytes(sub);
        int width = full.data().getElementSize();
        int c = (int) full.size(1) * width;
        long h = full.size(2);
        long w = full.size(3);
        long oh = sub.size(2);
        long ow = sub.size(3);
        for (long n = 0; n < full.size(0); n++) {
            for (long i = 0; i < oh; i++) {
                for (long j = 0; j < ow; j++) {
                    int at = (int) (((n * h + i * stride) * w + j * stride) * c); // in bytes
                    int subAt = (int) (((n * oh + i) * ow + j) * c);
                    if (intoFull) {
                        f.put(at, s, subAt, c);
                    } else {
                        s.put(subAt, f, at, c);
                    }
                }
            }
        }
    }

    /** The memory of {@code a} from its first element, {@code a.length()} elements. */
    private static ByteBuffer bytes(INDArray a) {
        BytePointer p = new BytePointer(address(a));
        p.capacity(a.length() * a.data().getElementSize());
        return p.asBuffer();
    }

    /** The address of {@code a}'s first element (views included). */
    static Pointer address(INDArray a) {
        return new Pointer() {
            {
                address = a.data().address() + a.offset() * a.data().getElementSize();
            }
        };
    }

    static memory wrap(memory.desc md, INDArray a) {
        return new memory(md, ENGINE, address(a));
    }

    static void execute(primitive p, int[] argKinds, memory[] args) {
        IntMemoryMap map = new IntMemoryMap();
        for (int i = 0; i < argKinds.length; i++) {
            if (args[i] != null) {
                map.put(argKinds[i], args[i]);
            }
        }
        p.execute(STREAM, map);
        STREAM._wait();
    }

    /** A layout conversion between two descriptors, built once and executed on any memory of them. */
    static reorder reorder(memory.desc from, memory.desc to) {
        return new reorder(new reorder.primitive_desc(ENGINE, from, ENGINE, to));
    }

    /** Copies {@code from} into {@code to} with {@code r}, built for their descriptors. */
    static void execute(reorder r, memory from, memory to) {
        r.execute(STREAM, from, to);
        STREAM._wait();
    }
}
