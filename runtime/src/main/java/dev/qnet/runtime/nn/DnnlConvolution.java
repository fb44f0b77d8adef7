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
 * kernel's blocked layout once per forward (and once more for backward data only when that
 * kernel wants a different layout), and the weight gradient is reordered back; the reorder
 * primitives are built once with the others.
 */
final class DnnlConvolution {

    private final long[] outShape;
    private final memory.desc src;
    private final memory.desc dst;
    private final memory.desc userWeights;
    private final memory.desc biasDesc;

    private final convolution_forward forward;
    private final memory forwardWeights;          // null when the kernel reads the user layout
    private final reorder toForwardWeights;       // user -> forwardWeights, null with it
    private final convolution_backward_data backwardData;
    private final memory backwardDataWeights;     // null: user layout; == forwardWeights: shared
    private final reorder toBackwardDataWeights;  // user -> backwardDataWeights when not shared
    private final convolution_backward_weights backwardWeights;
    private final memory diffWeights;             // null when the kernel writes the user layout
    private final reorder fromDiffWeights;        // diffWeights -> user, null with it

    DnnlConvolution(long[] inShape, long outChannels, long kH, long kW, long stride, long padH, long padW, boolean bias) {
        long oh = ConvArithmetic.outputSize(inShape[2], (int) kH, (int) stride, (int) padH);
        long ow = ConvArithmetic.outputSize(inShape[3], (int) kW, (int) stride, (int) padW);
        outShape = new long[] {inShape[0], outChannels, oh, ow};
        long[] weightDims = {outChannels, inShape[1], kH, kW};
        long[] strides = {stride, stride};
        long[] padding = {padH, padW};
        src = Dnnl.nhwc(inShape);
        dst = Dnnl.nhwc(outShape);
        userWeights = Dnnl.tagged(weightDims, memory.format_tag.oihw);
        memory.desc anyWeights = Dnnl.any(weightDims);
        biasDesc = bias ? Dnnl.tagged(new long[] {outChannels}, memory.format_tag.x) : new memory.desc();

        convolution_forward.primitive_desc fwdPd = new convolution_forward.primitive_desc(
                new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct,
                        src, anyWeights, biasDesc, dst, strides, padding, padding), Dnnl.ENGINE);
        forward = new convolution_forward(fwdPd);
        forwardWeights = ownedIfDifferent(fwdPd.weights_desc());
        toForwardWeights = forwardWeights == null ? null : Dnnl.reorder(userWeights, fwdPd.weights_desc());

        convolution_backward_data.primitive_desc bdPd = new convolution_backward_data.primitive_desc(
                new convolution_backward_data.desc(dnnl.algorithm.convolution_direct, src, anyWeights, dst,
                        strides, padding, padding), Dnnl.ENGINE, fwdPd);
        backwardData = new convolution_backward_data(bdPd);
        memory.desc bdWeights = bdPd.weights_desc();
        backwardDataWeights = bdWeights.equals(userWeights) ? null
                : forwardWeights != null && bdWeights.equals(fwdPd.weights_desc()) ? forwardWeights
                : new memory(bdWeights, Dnnl.ENGINE);
        toBackwardDataWeights = backwardDataWeights == null || backwardDataWeights == forwardWeights ? null
                : Dnnl.reorder(userWeights, bdWeights);

        convolution_backward_weights.primitive_desc bwPd = new convolution_backward_weights.primitive_desc(
                new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, src, anyWeights, biasDesc, dst,
                        strides, padding, padding), Dnnl.ENGINE, fwdPd);
        backwardWeights = new convolution_backward_weights(bwPd);
        diffWeights = ownedIfDifferent(bwPd.diff_weights_desc());
        fromDiffWeights = diffWeights == null ? null : Dnnl.reorder(bwPd.diff_weights_desc(), userWeights);
    }

    private memory ownedIfDifferent(memory.desc chosen) {
        return chosen.equals(userWeights) ? null : new memory(chosen, Dnnl.ENGINE);
    }

    /** {@code input} must have NHWC memory; returns a new NHWC output. */
    INDArray forward(INDArray input, INDArray weight, INDArray bias) {
        INDArray out = Dnnl.createNhwc(outShape[0], outShape[1], outShape[2], outShape[3]);
        memory w = weights(weight, forwardWeights, toForwardWeights);
        Dnnl.execute(forward, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST},
                new memory[] {Dnnl.wrap(src, input), w, bias == null ? null : Dnnl.wrap(biasDesc, bias),
                        Dnnl.wrap(dst, out)});
        return out;
    }

    /**
     * Input gradient (returned, NHWC) and parameter gradients (written to {@code gradWeight} in
     * {@code [oC, iC, kH, kW]} and {@code gradBias}; both overwritten). {@code input} and
     * {@code gradOutput} must have NHWC memory; the weights are those of the forward pass.
     */
    INDArray backward(INDArray input, INDArray weight, INDArray gradOutput, INDArray gradWeight, INDArray gradBias) {
        INDArray gradInput = Dnnl.createNhwc(input.size(0), input.size(1), input.size(2), input.size(3));
        memory gy = Dnnl.wrap(dst, gradOutput);
        memory w = backwardDataWeights == forwardWeights && forwardWeights != null ? forwardWeights
                : weights(weight, backwardDataWeights, toBackwardDataWeights);
        Dnnl.execute(backwardData, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                new memory[] {gy, w, Dnnl.wrap(src, gradInput)});
        memory userDiff = Dnnl.wrap(userWeights, gradWeight);
        Dnnl.execute(backwardWeights,
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS},
                new memory[] {Dnnl.wrap(src, input), gy, diffWeights == null ? userDiff : diffWeights,
                        gradBias == null ? null : Dnnl.wrap(biasDesc, gradBias)});
        if (diffWeights != null) {
            Dnnl.execute(fromDiffWeights, diffWeights, userDiff);
        }
        return gradInput;
    }

    private memory weights(INDArray weight, memory kernelLayout, reorder toKernel) {
        memory user = Dnnl.wrap(userWeights, weight);
        if (kernelLayout == null) {
            return user;
        }
        Dnnl.execute(toKernel, user, kernelLayout);
        return kernelLayout;
    }
}
