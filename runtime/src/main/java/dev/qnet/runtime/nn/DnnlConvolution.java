package dev.qnet.runtime.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.qnet.core.ConvArithmetic;
import java.util.Arrays;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.nd4j.linalg.api.buffer.DataType;
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

    // The kernels' weight layouts live in step-pool scratch buffers, filled right before each use
    // and released right after (a weight reorder is small next to the convolution): persistent
    // copies per convolution and per input shape held three extra copies of a network's weights.
    private final Forward forward;
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
    /** The type of the input (and of its gradient): float32, or bfloat16 from a bf16 layer below. */
    private final DataType inType;
    /** The type of the output (and of its gradient): bfloat16 with the BF16 kernels, else float32. */
    private final DataType outType;
    /** The input as the kernels read it, and its conversion from a float32 input (else null). */
    private final memory.desc kernelSrc;
    private final reorder toKernelSrc;
    /** The output gradient from a float32 layer above, and its conversion to bfloat16 (else null). */
    private final memory.desc dstF32;
    private final reorder fromDstF32;
    /** What the evaluation-mode forward with a batch norm folded in is built from, on first use. */
    private final long[] weightDims;
    private final long[] strides;
    private final long[] padding;
    private final memory.data_type kernelType;
    /** One per channel, float32: the batch norm's scale and shift as binary post-op operands. */
    private final memory.desc perChannel;
    /** The evaluation-mode forwards with a batch norm folded in: [0] without, [1] with ReLU. */
    private final Forward[] affineForwards = new Forward[2];

    /**
     * A forward primitive and the weight layout its kernel chose: {@code weights} is null when the
     * kernel reads the user layout, else {@code toWeights} reorders the user's weights into it.
     */
    private record Forward(convolution_forward primitive, memory.desc weights, reorder toWeights) {
    }

    /**
     * @param inType the input's type: float32, or bfloat16 (only with {@code bf16})
     * @param bf16 run the three convolutions on oneDNN's BF16 kernels: bfloat16 input, weights,
     *     output and output gradient, float32 weight gradient and bias. The output is a bfloat16
     *     feature map, so the batch norm, ReLU and addition after it read and write half the
     *     bytes and the next convolution reads it as is; a float32 input (the network's images)
     *     is converted on entry, and the input gradient has the input's type. The weights stay
     *     float32 in the layer and are converted in the same reorder that blocks them.
     */
    DnnlConvolution(long[] inShape, DataType inType, long outChannels, long kH, long kW, long stride, long padH,
                    long padW, boolean bias, boolean bf16) {
        if (!bf16 && inType != DataType.FLOAT) {
            throw new IllegalArgumentException("a float32 convolution needs a float32 input, got " + inType);
        }
        long oh = ConvArithmetic.outputSize(inShape[2], (int) kH, (int) stride, (int) padH);
        long ow = ConvArithmetic.outputSize(inShape[3], (int) kW, (int) stride, (int) padW);
        outShape = new long[] {inShape[0], outChannels, oh, ow};
        long[] weightDims = {outChannels, inShape[1], kH, kW};
        long[] strides = {stride, stride};
        long[] padding = {padH, padW};
        memory.data_type kernelType = bf16 ? memory.data_type.bf16 : memory.data_type.f32;
        this.kernelType = kernelType;
        this.weightDims = weightDims;
        this.strides = strides;
        this.padding = padding;
        perChannel = Dnnl.tagged(new long[] {1, outChannels, 1, 1}, memory.format_tag.nchw);
        this.inType = inType;
        this.outType = bf16 ? DataType.BFLOAT16 : DataType.FLOAT;
        src = Dnnl.nhwc(inShape, Dnnl.type(inType));
        dst = Dnnl.nhwc(outShape, kernelType);
        userWeights = Dnnl.tagged(weightDims, memory.format_tag.oihw);
        memory.desc anyWeights = Dnnl.any(kernelType, weightDims);
        memory.desc anyDiffWeights = Dnnl.any(weightDims);
        biasDesc = bias ? Dnnl.tagged(new long[] {outChannels}, memory.format_tag.x) : new memory.desc();
        kernelSrc = Dnnl.nhwc(inShape, kernelType);
        toKernelSrc = kernelSrc.equals(src) ? null : Dnnl.reorder(src, kernelSrc);
        dstF32 = bf16 ? Dnnl.nhwc(outShape) : null;
        fromDstF32 = bf16 ? Dnnl.reorder(dstF32, dst) : null;

        convolution_forward.primitive_desc fwdPd = new convolution_forward.primitive_desc(
                new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct,
                        kernelSrc, anyWeights, biasDesc, dst, strides, padding, padding), Dnnl.ENGINE);
        forward = forwardOf(fwdPd);

        convolution_backward_data.primitive_desc bdPd = new convolution_backward_data.primitive_desc(
                new convolution_backward_data.desc(dnnl.algorithm.convolution_direct, src, anyWeights, dst,
                        strides, padding, padding), Dnnl.ENGINE, fwdPd);
        backwardData = new convolution_backward_data(bdPd);
        backwardDataWeights = ifDifferent(bdPd.weights_desc());
        toBackwardDataWeights = backwardDataWeights == null ? null : Dnnl.reorder(userWeights, backwardDataWeights);

        convolution_backward_weights.primitive_desc bwPd = new convolution_backward_weights.primitive_desc(
                new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, kernelSrc, anyDiffWeights,
                        biasDesc, dst,
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
        return BufferPool.create(DataType.BYTE, md.get_size());
    }

    /** The type of the output this convolution writes (and of the gradient it reads). */
    DataType outputType() {
        return outType;
    }

    /** {@code input} must have NHWC memory and the input type; returns a new NHWC output. */
    INDArray forward(INDArray input, INDArray weight, INDArray bias) {
        return execute(forward, input, weight, bias);
    }

    /**
     * Evaluation only: {@code max(0, conv(input) * scale + shift)} (without the max unless
     * {@code relu}) in one oneDNN convolution, whose post-ops apply the per-channel {@code scale}
     * and {@code shift} (float32, one per output channel) and the ReLU to each output block while
     * it is still in registers, the batch norm and ReLU after it never reading or writing the map.
     * Built on first use; a forward_inference primitive, which may block the weights differently.
     */
    INDArray forwardAffine(INDArray input, INDArray weight, INDArray bias, INDArray scale, INDArray shift,
                           boolean relu) {
        Forward f = affineForwards[relu ? 1 : 0];
        if (f == null) {
            post_ops ops = new post_ops();
            ops.append_binary(dnnl.algorithm.binary_mul, perChannel);
            ops.append_binary(dnnl.algorithm.binary_add, perChannel);
            if (relu) {
                ops.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
            }
            primitive_attr attr = new primitive_attr();
            attr.set_post_ops(ops);
            f = forwardOf(new convolution_forward.primitive_desc(
                    new convolution_forward.desc(dnnl.prop_kind.forward_inference, dnnl.algorithm.convolution_direct,
                            kernelSrc, Dnnl.any(kernelType, weightDims), biasDesc, dst, strides, padding, padding),
                    attr, Dnnl.ENGINE));
            affineForwards[relu ? 1 : 0] = f;
        }
        return execute(f, input, weight, bias, scale, shift);
    }

    private Forward forwardOf(convolution_forward.primitive_desc pd) {
        memory.desc w = ifDifferent(pd.weights_desc());
        return new Forward(new convolution_forward(pd), w, w == null ? null : Dnnl.reorder(userWeights, w));
    }

    /**
     * Runs {@code f} on {@code input} into a new NHWC output: the weights reordered into a scratch
     * buffer when its kernel wants another layout, a float32 input converted when it runs on
     * bfloat16, and {@code postOpOperands} (per-channel, float32) bound to its binary post-ops in order.
     */
    private INDArray execute(Forward f, INDArray input, INDArray weight, INDArray bias, INDArray... postOpOperands) {
        INDArray out = Dnnl.createNhwc(outType, outShape[0], outShape[1], outShape[2], outShape[3]);
        INDArray wScratch = f.weights() == null ? null : scratch(f.weights());
        memory w = weights(weight, f.weights(), wScratch, f.toWeights());
        INDArray converted = convert(input, src, kernelSrc, toKernelSrc);
        int n = postOpOperands.length;
        int[] args = Arrays.copyOf(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST}, 4 + n);
        memory[] mems = Arrays.copyOf(new memory[] {Dnnl.wrap(kernelSrc, converted == null ? input : converted), w,
                bias == null ? null : Dnnl.wrap(biasDesc, bias), Dnnl.wrap(dst, out)}, 4 + n);
        for (int i = 0; i < n; i++) {
            args[4 + i] = postOpOperand(i);
            mems[4 + i] = Dnnl.wrap(perChannel, postOpOperands[i]);
        }
        Dnnl.execute(f.primitive(), args, mems);
        BufferPool.release(converted);
        BufferPool.release(wScratch);
        return out;
    }

    /** The execution argument of the operand of binary post-op {@code index} (oneDNN's DNNL_ARG_ATTR_MULTIPLE_POST_OP macro). */
    private static int postOpOperand(int index) {
        return DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * (index + 1) | DNNL_ARG_SRC_1;
    }

    /**
     * Input gradient (returned, NHWC) and parameter gradients (written to {@code gradWeight} in
     * {@code [oC, iC, kH, kW]} and {@code gradBias}; both overwritten). {@code input} and
     * {@code gradOutput} must have NHWC memory, the input its type and {@code gradOutput} the
     * output's or float32; the weights are those of the forward pass.
     */
    INDArray backward(INDArray input, INDArray weight, INDArray gradOutput, INDArray gradWeight, INDArray gradBias) {
        if (subsampleBackward) {
            if (subsampled == null) {
                subsampled = new DnnlConvolution(new long[] {input.size(0), input.size(1), outShape[2], outShape[3]},
                        inType, outShape[1], 1, 1, 1, 0, 0, bias, bf16);
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
        INDArray gradInput = Dnnl.createNhwc(inType, input.size(0), input.size(1), input.size(2), input.size(3));
        INDArray gradOutputConverted = gradOutput.dataType() == outType ? null
                : convert(gradOutput, dstF32, dst, fromDstF32);
        memory gy = Dnnl.wrap(dst, gradOutputConverted == null ? gradOutput : gradOutputConverted);
        INDArray wScratch = backwardDataWeights == null ? null : scratch(backwardDataWeights);
        memory w = weights(weight, backwardDataWeights, wScratch, toBackwardDataWeights);
        Dnnl.execute(backwardData, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                new memory[] {gy, w, Dnnl.wrap(src, gradInput)});
        BufferPool.release(wScratch);
        memory userDiff = Dnnl.wrap(userWeights, gradWeight);
        INDArray diffScratch = diffWeights == null ? null : scratch(diffWeights);
        memory diff = diffScratch == null ? userDiff : Dnnl.wrap(diffWeights, diffScratch);
        INDArray converted = convert(input, src, kernelSrc, toKernelSrc);
        Dnnl.execute(backwardWeights,
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS},
                new memory[] {Dnnl.wrap(kernelSrc, converted == null ? input : converted), gy,
                        diff, gradBias == null ? null : Dnnl.wrap(biasDesc, gradBias)});
        BufferPool.release(converted);
        BufferPool.release(gradOutputConverted);
        if (diffScratch != null) {
            Dnnl.execute(fromDiffWeights, diff, userDiff);
            BufferPool.release(diffScratch);
        }
        return gradInput;
    }

    /** The NHWC {@code a} of descriptor {@code from} converted with {@code r} into a new {@code to} (null when r is). */
    private static INDArray convert(INDArray a, memory.desc from, memory.desc to, reorder r) {
        if (r == null) {
            return null;
        }
        INDArray copy = BufferPool.create(DataType.BYTE, to.get_size());
        Dnnl.execute(r, Dnnl.wrap(from, a), Dnnl.wrap(to, copy));
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
