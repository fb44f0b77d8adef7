package dev.qnet.runtime.nn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN primitives of one 2-D batch norm for one input shape and type, on NHWC activations:
 * training forward (computes the batch mean and biased variance itself, one pass), inference
 * forward (running statistics), and the training backward through the batch statistics. One
 * fused kernel each, where the libnd4j route needed moments + batchnorm forward and five
 * broadcast passes backward. In training, a ReLU after the batch norm can run inside it
 * (oneDNN's {@code fuse_norm_relu}): the forward writes {@code max(0, y)} and a workspace marking
 * where {@code y > 0}, and the backward masks the output gradient with it, so the ReLU neither
 * reads nor writes the map.
 */
final class DnnlBatchNorm {

    private static final int SCALE_SHIFT = dnnl.normalization_flags.use_scale.value
            | dnnl.normalization_flags.use_shift.value;

    private final memory.desc data;
    private final memory.desc perChannel;
    private final batch_normalization_forward training;
    private final batch_normalization_forward inference;
    private final batch_normalization_backward backward;
    private final double eps;
    /** The training forward and backward with the ReLU fused, built on first use. */
    private WithRelu withRelu;

    private record WithRelu(batch_normalization_forward forward, batch_normalization_backward backward,
                            memory.desc workspace) {
    }

    /** {@code type}: of the data (input, output and their gradients); float32 or bfloat16. */
    DnnlBatchNorm(long[] shape, DataType type, double eps) {
        this.eps = eps;
        data = Dnnl.nhwc(shape, Dnnl.type(type));
        perChannel = Dnnl.tagged(new long[] {shape[1]}, memory.format_tag.x);
        batch_normalization_forward.primitive_desc trainPd = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(dnnl.prop_kind.forward_training.value, data, (float) eps, SCALE_SHIFT),
                Dnnl.ENGINE);
        training = new batch_normalization_forward(trainPd);
        inference = new batch_normalization_forward(new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(dnnl.prop_kind.forward_inference.value, data, (float) eps,
                        SCALE_SHIFT | dnnl.normalization_flags.use_global_stats.value), Dnnl.ENGINE));
        backward = new batch_normalization_backward(new batch_normalization_backward.primitive_desc(
                new batch_normalization_backward.desc(dnnl.prop_kind.backward.value, data, data, (float) eps, SCALE_SHIFT),
                Dnnl.ENGINE, trainPd));
    }

    /**
     * Training mode computes the batch mean and biased variance and writes them into {@code mean}
     * and {@code var}; inference mode reads the running statistics from them.
     */
    INDArray forward(boolean trainingMode, INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray var) {
        return forward(trainingMode ? training : inference, x, gamma, beta, mean, var, null);
    }

    /**
     * Training mode with the ReLU fused: returns {@code max(0, batchnorm(x))} and writes the
     * workspace the fused backward needs into {@code workspace} (of {@link #workspaceBytes} bytes).
     */
    INDArray forwardRelu(INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray var, INDArray workspace) {
        return forward(withRelu().forward(), x, gamma, beta, mean, var, workspace);
    }

    long workspaceBytes() {
        return withRelu().workspace().get_size();
    }

    private INDArray forward(batch_normalization_forward p, INDArray x, INDArray gamma, INDArray beta, INDArray mean,
                             INDArray var, INDArray workspace) {
        INDArray out = Dnnl.createNhwc(x.dataType(), x.size(0), x.size(1), x.size(2), x.size(3));
        Dnnl.execute(p,
                new int[] {DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DST,
                        DNNL_ARG_WORKSPACE},
                new memory[] {Dnnl.wrap(data, x), Dnnl.wrap(perChannel, gamma), Dnnl.wrap(perChannel, beta),
                        Dnnl.wrap(perChannel, mean), Dnnl.wrap(perChannel, var), Dnnl.wrap(data, out),
                        workspace == null ? null : Dnnl.wrap(withRelu.workspace(), workspace)});
        return out;
    }

    private WithRelu withRelu() {
        if (withRelu == null) {
            int flags = SCALE_SHIFT | dnnl.normalization_flags.fuse_norm_relu.value;
            batch_normalization_forward.primitive_desc fwd = new batch_normalization_forward.primitive_desc(
                    new batch_normalization_forward.desc(dnnl.prop_kind.forward_training.value, data, (float) eps, flags),
                    Dnnl.ENGINE);
            withRelu = new WithRelu(new batch_normalization_forward(fwd),
                    new batch_normalization_backward(new batch_normalization_backward.primitive_desc(
                            new batch_normalization_backward.desc(dnnl.prop_kind.backward.value, data, data, (float) eps,
                                    flags), Dnnl.ENGINE, fwd)),
                    fwd.workspace_desc());
        }
        return withRelu;
    }

    /**
     * Training-mode backward; writes (overwrites) {@code gradGamma} and {@code gradBeta}. oneDNN 2.5
     * refuses to execute the backward without the shift argument, though it does not read it.
     */
    INDArray backward(INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray var, INDArray gradOutput,
                      INDArray gradGamma, INDArray gradBeta, boolean inPlace) {
        return backward(backward, null, x, gamma, beta, mean, var, gradOutput, gradGamma, gradBeta, inPlace);
    }

    /** The backward of {@link #forwardRelu}: {@code gradOutput} is the gradient of the ReLU's output. */
    INDArray backwardRelu(INDArray x, INDArray gamma, INDArray beta, INDArray mean, INDArray var, INDArray workspace,
                          INDArray gradOutput, INDArray gradGamma, INDArray gradBeta, boolean inPlace) {
        return backward(withRelu().backward(), workspace, x, gamma, beta, mean, var, gradOutput, gradGamma, gradBeta,
                inPlace);
    }

    private INDArray backward(batch_normalization_backward p, INDArray workspace, INDArray x, INDArray gamma,
                              INDArray beta, INDArray mean, INDArray var, INDArray gradOutput, INDArray gradGamma,
                              INDArray gradBeta, boolean inPlace) {
        // oneDNN's batch norm backward may write diff_src over diff_dst.
        INDArray gradInput = inPlace ? gradOutput : Dnnl.createNhwc(x.dataType(), x.size(0), x.size(1), x.size(2), x.size(3));
        Dnnl.execute(p,
                new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DIFF_DST, DNNL_ARG_SCALE,
                        DNNL_ARG_SHIFT, DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT, DNNL_ARG_WORKSPACE},
                new memory[] {Dnnl.wrap(data, x), Dnnl.wrap(perChannel, mean), Dnnl.wrap(perChannel, var),
                        Dnnl.wrap(data, gradOutput), Dnnl.wrap(perChannel, gamma), Dnnl.wrap(perChannel, beta),
                        Dnnl.wrap(data, gradInput),
                        Dnnl.wrap(perChannel, gradGamma), Dnnl.wrap(perChannel, gradBeta),
                        workspace == null ? null : Dnnl.wrap(withRelu.workspace(), workspace)});
        return gradInput;
    }
}
