package dev.qnet.runtime.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code a + b} as a oneDNN binary primitive over the flat memory of two dense bfloat16 arrays
 * of one layout (a residual sum of bfloat16 feature maps, forward and backward). libnd4j's
 * pairwise add handles bfloat16 as a C++ class converted element by element, so the sum of
 * ResNet-50's largest maps would cost more in bfloat16 than in float32; oneDNN's kernel reads
 * and writes the 16-bit values with vector conversions. The destination may be {@code a}.
 */
final class DnnlAdd {

    private final memory.desc flat;
    private final binary add;

    private DnnlAdd(long length, DataType type) {
        flat = Dnnl.tagged(new long[] {length}, Dnnl.type(type), memory.format_tag.x);
        add = new binary(new binary.primitive_desc(new binary.desc(dnnl.algorithm.binary_add, flat, flat, flat),
                Dnnl.ENGINE));
    }

    private record Key(long length, DataType type) {
    }

    /** Primitives per element count and type. */
    static final class Cache {
        private final Map<Key, DnnlAdd> bySize = new HashMap<>();

        /** Whether {@link #of} handles these arrays: bfloat16, dense, one layout. */
        static boolean handles(INDArray a, INDArray b) {
            return a.dataType() == DataType.BFLOAT16 && Dnnl.sameDenseLayout(a, b);
        }

        DnnlAdd of(INDArray a) {
            return bySize.computeIfAbsent(new Key(a.length(), a.dataType()), k -> new DnnlAdd(k.length(), k.type()));
        }
    }

    /** {@code out = a + b}; all three dense with one layout ({@code out} may be {@code a}). */
    void apply(INDArray a, INDArray b, INDArray out) {
        Dnnl.execute(add, new int[] {DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST},
                new memory[] {Dnnl.wrap(flat, a), Dnnl.wrap(flat, b), Dnnl.wrap(flat, out)});
    }
}
