package dev.qnet.runtime.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.qnet.core.ConvArithmetic;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN primitives of one convolution for one input shape: forward, backward data and
 * backward weights, all on NHWC activations, plus the weight layouts the kernels chose. The
 * weights stay in PyTorch's {@code [oC, iC, kH, kW]} in the layer; they are reordered to the
 * kernel's blocked layout (into a step-pool scratch buffer) before the forward and before the
 * backward data, and the weight gradient is reordered back; the reorder primitives are built
 * once with the others.
 */
final class DnnlConvolution {

    private final long[] outShape;
    private final memory.desc src;
    private final memory.desc dst;
    private final memory.desc userWeights;
    private final memory.desc biasDesc;

    private final convolution_forward forward;
    // The kernels' weight layouts live in step-pool scratch buffers, filled right before each use
    // and released right after (a weight reorder is small next to the convolution): persistent
    // copies per convolution and per input shape held three extra copies of a network's weights.
    private final memory.desc forwardWeights;          // null when the kernel reads the user layout
    private final reorder toForwardWeights;            // user -> forwardWeights, null with it
    private final convolution_backward_data backwardData;
    private final memory.desc backwardDataWeights;     // null: user layout
    private final reorder toBackwardDataWeights;       // user -> backwardDataWeights, null with it
    private final convolution_backward_weights backwardWeights;
    private final memory.desc diffWeights;             // null when the kernel writes the user layout
    private final reorder fromDiffWeights;             // diffWeights -> user, null with it
    /**
     * A strided 1x1 convolution whose backward oneDNN runs on its generic direct kernel: the
     * backward is that of the unit-stride 1x1 convolution of the subsampled input, which computes
     * the same gradients (see {@link #backward}).
     */
    private final boolean subsampleBackward;
    private DnnlConvolution subsampled; // that unit-stride convolution, built on the first backward
    private final long stride;
    private final boolean bias;
    private final boolean bf16;
    /** bfloat16 kernels: their bf16 copies of the input and of the output gradient (else null). */
    private final memory.desc srcBf16;
    private final memory.desc dstBf16;
    private final reorder toSrcBf16;
    private final reorder toDstBf16;

    /**
     * @param bf16 run the three convolutions on bfloat16 src/weights/diff_dst (oneDNN's BF16
     *     kernels) with float32 outputs, input gradient and weight gradient: activations stay
     *     float32 in memory and are converted on entry (one reorder each), the weights are
     *     converted in the same reorder that blocks them
     */
    DnnlConvolution(long[] inShape, long outChannels, long kH, long kW, long stride, long padH, long padW, boolean bias,
                    boolean bf16) {
        long oh = ConvArithmetic.outputSize(inShape[2], (int) kH, (int) stride, (int) padH);
        long ow = ConvArithmetic.outputSize(inShape[3], (int) kW, (int) stride, (int) padW);
        outShape = new long[] {inShape[0], outChannels, oh, ow};
        long[] weightDims = {outChannels, inShape[1], kH, kW};
        long[] strides = {stride, stride};
        long[] padding = {padH, padW};
        src = Dnnl.nhwc(inShape);
        dst = Dnnl.nhwc(outShape);
        userWeights = Dnnl.tagged(weightDims, memory.format_tag.oihw);
        memory.desc anyWeights = Dnnl.any(bf16 ? memory.data_type.bf16 : memory.data_type.f32, weightDims);
        memory.desc anyDiffWeights = Dnnl.any(weightDims);
        biasDesc = bias ? Dnnl.tagged(new long[] {outChannels}, memory.format_tag.x) : new memory.desc();
        srcBf16 = bf16 ? Dnnl.nhwc(inShape, memory.data_type.bf16) : null;
        dstBf16 = bf16 ? Dnnl.nhwc(outShape, memory.data_type.bf16) : null;
        toSrcBf16 = bf16 ? Dnnl.reorder(src, srcBf16) : null;
        toDstBf16 = bf16 ? Dnnl.reorder(dst, dstBf16) : null;
        memory.desc kernelSrc = bf16 ? srcBf16 : src;
        memory.desc kernelDiffDst = bf16 ? dstBf16 : dst;

        convolution_forward.primitive_desc fwdPd = new convolution_forward.primitive_desc(
                new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct,
                        kernelSrc, anyWeights, biasDesc, dst, strides, padding, padding), Dnnl.ENGINE);
        forward = new convolution_forward(fwdPd);
        forwardWeights = ifDifferent(fwdPd.weights_desc());
        toForwardWeights = forwardWeights == null ? null : Dnnl.reorder(userWeights, forwardWeights);

        convolution_backward_data.primitive_desc bdPd = new convolution_backward_data.primitive_desc(
                new convolution_backward_data.desc(dnnl.algorithm.convolution_direct, src, anyWeights, kernelDiffDst,
                        strides, padding, padding), Dnnl.ENGINE, fwdPd);
        backwardData = new convolution_backward_data(bdPd);
        backwardDataWeights = ifDifferent(bdPd.weights_desc());
        toBackwardDataWeights = backwardDataWeights == null ? null : Dnnl.reorder(userWeights, backwardDataWeights);

        convolution_backward_weights.primitive_desc bwPd = new convolution_backward_weights.primitive_desc(
                new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, kernelSrc, anyDiffWeights,
                        biasDesc, kernelDiffDst,
                        strides, padding, padding), Dnnl.ENGINE, fwdPd);
        backwardWeights = new convolution_backward_weights(bwPd);
        diffWeights = ifDifferent(bwPd.diff_weights_desc());
        fromDiffWeights = diffWeights == null ? null : Dnnl.reorder(diffWeights, userWeights);

        // oneDNN 2.5 runs ResNet-50's strided 1x1 shortcuts 28x28 -> 14x14 and 14 -> 7 on its 1x1
        // kernels, but 7x7 -> 4x4 (stride 2 not dividing the size) on its generic direct kernel,
        // whose backward was 4x the forward (27.7 ms against 6.8 in the committed b32 profile).
        // Subsampling + a unit-stride 1x1 backward was faster there in an interleaved comparison,
        // and not faster where the 1x1 kernels run, so it is used only when oneDNN chose otherwise.
        this.stride = stride;
        this.bias = bias;
        this.bf16 = bf16;
        boolean strided1x1 = kH == 1 && kW == 1 && padH == 0 && padW == 0 && stride > 1;
        boolean generic = !bdPd.impl_info_str().getString().contains("1x1")
                || !bwPd.impl_info_str().getString().contains("1x1");
        subsampleBackward = strided1x1 && generic && inShape[0] * inShape[1] * inShape[2] * inShape[3] <= Integer.MAX_VALUE;
    }

    /** Whether the backward runs as subsample + unit-stride 1x1 convolution (see the constructor). */
    boolean subsamplesBackward() {
        return subsampleBackward;
    }

    private memory.desc ifDifferent(memory.desc chosen) {
        return chosen.equals(userWeights) ? null : chosen;
    }

    /** Scratch bytes for a memory of {@code md}, from the step's pool when one is active. */
    private static INDArray scratch(memory.desc md) {
        return BufferPool.create(org.nd4j.linalg.api.buffer.DataType.BYTE, md.get_size());
    }

    /** {@code input} must have NHWC memory; returns a new NHWC output. */
    INDArray forward(INDArray input, INDArray weight, INDArray bias) {
        INDArray out = Dnnl.createNhwc(outShape[0], outShape[1], outShape[2], outShape[3]);
        INDArray wScratch = forwardWeights == null ? null : scratch(forwardWeights);
        memory w = weights(weight, forwardWeights, wScratch, toForwardWeights);
        INDArray inputBf16 = bf16(input, srcBf16, toSrcBf16, src);
        Dnnl.execute(forward, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                new memory[] {inputBf16 == null ? Dnnl.wrap(src, input) : Dnnl.wrap(srcBf16, inputBf16), w,
                        bias == null ? null : Dnnl.wrap(biasDesc, bias), Dnnl.wrap(dst, out)});
        BufferPool.release(inputBf16);
        BufferPool.release(wScratch);
        return out;
    }

    /**
     * Input gradient (returned, NHWC) and parameter gradients (written to {@code gradWeight} in
     * {@code [oC, iC, kH, kW]} and {@code gradBias}; both overwritten). {@code input} and
     * {@code gradOutput} must have NHWC memory; the weights are those of the forward pass.
     */
    INDArray backward(INDArray input, INDArray weight, INDArray gradOutput, INDArray gradWeight, INDArray gradBias) {
        if (subsampleBackward) {
            if (subsampled == null) {
                subsampled = new DnnlConvolution(new long[] {input.size(0), input.size(1), outShape[2], outShape[3]},
                        outShape[1], 1, 1, 1, 0, 0, bias, bf16);
            }
            // y = conv1x1(x at the strided positions): the weight and bias gradients are those of the
            // unit-stride convolution of the subsampled input, and the input gradient is its input
            // gradient at the strided positions, zero elsewhere.
            INDArray sub = Dnnl.subsample(input, stride, outShape[2], outShape[3]);
            INDArray gradSub = subsampled.backward(sub, weight, gradOutput, gradWeight, gradBias);
            BufferPool.release(sub);
            INDArray gradInput = Dnnl.scatterIntoZeros(gradSub, stride, input.size(2), input.size(3));
            BufferPool.release(gradSub);
            return gradInput;
        }
        INDArray gradInput = Dnnl.createNhwc(input.size(0), input.size(1), input.size(2), input.size(3));
        INDArray gradOutputBf16 = bf16(gradOutput, dstBf16, toDstBf16, dst);
        memory gy = gradOutputBf16 == null ? Dnnl.wrap(dst, gradOutput) : Dnnl.wrap(dstBf16, gradOutputBf16);
        INDArray wScratch = backwardDataWeights == null ? null : scratch(backwardDataWeights);
        memory w = weights(weight, backwardDataWeights, wScratch, toBackwardDataWeights);
        Dnnl.execute(backwardData, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                new memory[] {gy, w, Dnnl.wrap(src, gradInput)});
        BufferPool.release(wScratch);
        memory userDiff = Dnnl.wrap(userWeights, gradWeight);
        INDArray diffScratch = diffWeights == null ? null : scratch(diffWeights);
        memory diff = diffScratch == null ? userDiff : Dnnl.wrap(diffWeights, diffScratch);
        INDArray inputBf16 = bf16(input, srcBf16, toSrcBf16, src);
        Dnnl.execute(backwardWeights,
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS},
                new memory[] {inputBf16 == null ? Dnnl.wrap(src, input) : Dnnl.wrap(srcBf16, inputBf16), gy,
                        diff, gradBias == null ? null : Dnnl.wrap(biasDesc, gradBias)});
        BufferPool.release(inputBf16);
        BufferPool.release(gradOutputBf16);
        if (diffScratch != null) {
            Dnnl.execute(fromDiffWeights, diff, userDiff);
            BufferPool.release(diffScratch);
        }
        return gradInput;
    }

    /** A bfloat16 NHWC copy of the float32 NHWC {@code a} (null when the kernels are float32). */
    private static INDArray bf16(INDArray a, memory.desc bf16, reorder toBf16, memory.desc f32) {
        if (bf16 == null) {
            return null;
        }
        INDArray copy = BufferPool.create(org.nd4j.linalg.api.buffer.DataType.BFLOAT16, a.size(0), a.size(2), a.size(3),
                a.size(1));
        Dnnl.execute(toBf16, Dnnl.wrap(f32, a), Dnnl.wrap(bf16, copy));
        return copy;
    }

    /** The weights as the kernel reads them: the user's array, or reordered into {@code scratch}. */
    private memory weights(INDArray weight, memory.desc kernelLayout, INDArray scratch, reorder toKernel) {
        memory user = Dnnl.wrap(userWeights, weight);
        if (kernelLayout == null) {
            return user;
        }
        memory k = Dnnl.wrap(kernelLayout, scratch);
        Dnnl.execute(toKernel, user, k);
        return k;
    }
}
