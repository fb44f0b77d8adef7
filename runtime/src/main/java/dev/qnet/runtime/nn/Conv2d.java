package dev.qnet.runtime.nn;

import dev.qnet.core.ConvArithmetic;
import dev.qnet.core.Precision;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 2-D convolution on NCHW batches through libnd4j's {@code conv2d}/{@code conv2d_bp} (oneDNN).
 *
 * <p>Weights are stored as PyTorch lays them out, {@code [outC, inC/groups, kH, kW]} (libnd4j
 * weight format 1), so checkpoints and reference comparisons need no transposition. libnd4j's
 * conv2d has no groups argument; grouped convolutions run one op per group on channel slices,
 * which is correct but not fast (the networks of interest use groups = 1).
 */
public final class Conv2d implements Layer {

    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final int stride;
    private final int padH;
    private final int padW;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;
    /** BF16 kernels and bfloat16 output ({@code precision bf16} on a CPU with BF16; see DnnlConvolution). */
    private final boolean bf16;
    private INDArray lastInput;
    /** oneDNN primitives per input shape (training and evaluation batches differ). */
    private final Map<String, DnnlConvolution> primitives = new HashMap<>();

    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int padH, int padW,
                  int groups, boolean bias, DataType dtype, Random rng) {
        this(inChannels, outChannels, kernelH, kernelW, stride, padH, padW, groups, bias, dtype, rng, Precision.FP32);
    }

    /**
     * @param precision {@link Precision#BF16}: the oneDNN path runs on bfloat16 kernels and
     *     writes bfloat16 feature maps (float32 weights and weight gradients; see
     *     DnnlConvolution); on a CPU without BF16 instructions it stays float32
     *     ({@link Precisions#effective} says so once)
     */
    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int padH, int padW,
                  int groups, boolean bias, DataType dtype, Random rng, Precision precision) {
        if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0 || stride <= 0
                || padH < 0 || padW < 0 || groups <= 0) {
            throw new IllegalArgumentException("conv2d: sizes must be positive and padding non-negative");
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups (" + groups + ") must divide in (" + inChannels
                    + ") and out (" + outChannels + ") channels");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.stride = stride;
        this.padH = padH;
        this.padW = padW;
        this.groups = groups;
        this.bf16 = Precisions.effective(precision) == Precision.BF16;
        long fanOut = (long) outChannels / groups * kernelH * kernelW;
        this.weight = Parameter.trainable("weight", Init.kaimingNormalFanOut(rng, dtype, fanOut,
                outChannels, inChannels / groups, kernelH, kernelW));
        long fanIn = (long) inChannels / groups * kernelH * kernelW;
        this.bias = bias ? Parameter.trainable("bias", Init.uniform(rng, dtype, 1.0 / Math.sqrt(fanIn), outChannels)) : null;
    }

    /** The same convolution with a square kernel and equal padding. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int pad, boolean bias, DataType dtype, Random rng) {
        this(inChannels, outChannels, kernel, kernel, stride, pad, pad, 1, bias, dtype, rng);
    }

    private int[] intArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, dataFormat (0 = NCHW), wFormat (1 = [oC, iC, kH, kW])
        return new int[] {kernelH, kernelW, stride, stride, padH, padW, 1, 1, 0, 0, 1};
    }

    public long[] outputShape(long[] inputShape) {
        long oh = ConvArithmetic.outputSize(inputShape[2], kernelH, stride, padH);
        long ow = ConvArithmetic.outputSize(inputShape[3], kernelW, stride, padW);
        return new long[] {inputShape[0], outChannels, oh, ow};
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input.rank() != 4 || input.size(1) != inChannels) {
            throw new IllegalArgumentException(name() + ": expected input [N, " + inChannels + ", H, W], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        if (onDnnl(input)) {
            // oneDNN directly, activations in NHWC memory (see Dnnl)
            INDArray x = Dnnl.asNhwc(input);
            lastInput = x;
            return primitives(x).forward(x, weight.value(), bias == null ? null : bias.value());
        }
        lastInput = input;
        INDArray out = Nd4j.create(input.dataType(), outputShape(input.shape()));
        if (groups == 1) {
            INDArray[] ins = bias == null ? NativeOps.in(input, weight.value()) : NativeOps.in(input, weight.value(), bias.value());
            NativeOps.exec("conv2d", ins, NativeOps.in(out), intArgs());
            return out;
        }
        int gi = inChannels / groups;
        int go = outChannels / groups;
        for (int g = 0; g < groups; g++) {
            INDArray x = input.get(channels(g * gi, gi)).dup();
            INDArray w = weight.value().get(NDArrayIndex.interval(g * go, (g + 1) * go)).dup();
            INDArray o = Nd4j.create(input.dataType(), outputShape(x.shape())[0], go, out.size(2), out.size(3));
            INDArray[] ins = bias == null ? NativeOps.in(x, w)
                    : NativeOps.in(x, w, bias.value().get(NDArrayIndex.interval(g * go, (g + 1) * go)).dup());
            NativeOps.exec("conv2d", ins, NativeOps.in(o), intArgs());
            out.get(channels(g * go, go)).assign(o);
        }
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        INDArray input = lastInput;
        if (input == null) {
            throw new IllegalStateException(name() + ": backward before forward");
        }
        if (onDnnl(input)) {
            DnnlConvolution p = primitives(input);
            // A float32 gradient the kernels convert themselves; any other type becomes the output's.
            INDArray g = gradOutput.dataType() == DataType.FLOAT ? gradOutput : Dnnl.converted(gradOutput, p.outputType());
            // A step-pool temporary, dead after the add: one weight's worth of memory, not the network's.
            INDArray gradW = BufferPool.create(weight.value().dataType(), weight.value().shape());
            INDArray gradB = bias == null ? null : bias.value().ulike();
            INDArray gradInput = p.backward(input, weight.value(), Dnnl.asNhwc(g), gradW, gradB);
            weight.grad().addi(gradW);
            BufferPool.release(gradW);
            if (bias != null) {
                bias.grad().addi(gradB);
            }
            return gradInput;
        }
        INDArray gradInput = input.ulike();
        if (groups == 1) {
            INDArray gradW = weight.value().ulike();
            INDArray gradB = bias == null ? null : bias.value().ulike();
            INDArray[] ins = bias == null ? NativeOps.in(input, weight.value(), gradOutput)
                    : NativeOps.in(input, weight.value(), bias.value(), gradOutput);
            INDArray[] outs = bias == null ? NativeOps.in(gradInput, gradW) : NativeOps.in(gradInput, gradW, gradB);
            NativeOps.exec("conv2d_bp", ins, outs, intArgs());
            weight.grad().addi(gradW);
            if (bias != null) {
                bias.grad().addi(gradB);
            }
            return gradInput;
        }
        int gi = inChannels / groups;
        int go = outChannels / groups;
        for (int g = 0; g < groups; g++) {
            INDArray x = input.get(channels(g * gi, gi)).dup();
            INDArray w = weight.value().get(NDArrayIndex.interval(g * go, (g + 1) * go)).dup();
            INDArray gy = gradOutput.get(channels(g * go, go)).dup();
            INDArray gx = x.ulike();
            INDArray gw = w.ulike();
            if (bias == null) {
                NativeOps.exec("conv2d_bp", NativeOps.in(x, w, gy), NativeOps.in(gx, gw), intArgs());
            } else {
                INDArray b = bias.value().get(NDArrayIndex.interval(g * go, (g + 1) * go)).dup();
                INDArray gb = b.ulike();
                NativeOps.exec("conv2d_bp", NativeOps.in(x, w, b, gy), NativeOps.in(gx, gw, gb), intArgs());
                bias.grad().get(NDArrayIndex.interval(g * go, (g + 1) * go)).addi(gb);
            }
            weight.grad().get(NDArrayIndex.interval(g * go, (g + 1) * go)).addi(gw);
            gradInput.get(channels(g * gi, gi)).assign(gx);
        }
        return gradInput;
    }

    /**
     * Evaluation only, for {@link Sequential}: this convolution, then {@code norm} in evaluation
     * mode, then (when {@code relu}) a ReLU, computed as one oneDNN convolution whose post-ops
     * apply the batch norm's per-channel affine map and the ReLU (see
     * DnnlConvolution#forwardAffine). Null when the input does not take the oneDNN path; the
     * caller then runs the layers one by one.
     */
    INDArray forwardWithNorm(INDArray input, BatchNorm norm, boolean relu) {
        if (!onDnnl(input) || input.size(1) != inChannels || norm.channels() != outChannels) {
            return null;
        }
        INDArray[] affine = norm.inferenceAffine();
        if (affine == null) {
            return null;
        }
        INDArray x = Dnnl.asNhwc(input);
        INDArray out = primitives(x).forwardAffine(x, weight.value(), bias == null ? null : bias.value(),
                affine[0], affine[1], relu);
        if (x != input) {
            BufferPool.release(x); // the NHWC copy: no backward follows an evaluation forward
        }
        return out;
    }

    /**
     * Whether {@code input} runs on this layer's oneDNN primitives rather than libnd4j's conv2d:
     * one group, a batch oneDNN takes, and float32 (bfloat16 too when the layer is bf16). The
     * forward, its backward and the folded evaluation forward decide by this one test.
     */
    private boolean onDnnl(INDArray input) {
        return groups == 1 && Dnnl.supports(input) && (bf16 || input.dataType() == DataType.FLOAT);
    }

    private DnnlConvolution primitives(INDArray nhwcInput) {
        return primitives.computeIfAbsent(nhwcInput.dataType() + Arrays.toString(nhwcInput.shape()),
                k -> new DnnlConvolution(nhwcInput.shape(), nhwcInput.dataType(), outChannels, kernelH, kernelW, stride,
                        padH, padW, bias != null, bf16));
    }

    private static INDArrayIndex[] channels(int from, int count) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(from, from + count),
                NDArrayIndex.all(), NDArrayIndex.all()};
    }

    /** bfloat16 feature maps go into the BF16 kernels as they are (the float32 path converts them). */
    @Override
    public boolean acceptsBfloat16() {
        return bf16 && groups == 1;
    }

    /** The output is always a new array; backward reads the input and the weights only. */
    @Override
    public boolean backwardReadsOutput() {
        return false;
    }

    @Override
    public List<Parameter> parameters() {
        return Parameter.weightAndBias(weight, bias);
    }

    @Override
    public String name() {
        return "conv" + kernelH + "x" + kernelW + "(" + outChannels + (stride != 1 ? ", stride " + stride : "") + ")";
    }
}
