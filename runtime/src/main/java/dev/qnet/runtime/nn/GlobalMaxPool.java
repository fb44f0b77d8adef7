package dev.qnet.runtime.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max over H and W: [N, C, H, W] -> [N, C]. The gradient goes to the maximal cell; exact ties
 * share it equally, so the gradient's sum is preserved.
 */
public final class GlobalMaxPool implements Layer {

    private INDArray lastInput;
    private INDArray lastOutput;

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(name() + ": expected [N, C, H, W], got rank " + input.rank());
        }
        lastInput = input;
        lastOutput = input.max(2, 3);
        return lastOutput;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        long[] s = lastInput.shape();
        INDArray max = lastOutput.reshape(s[0], s[1], 1, 1).broadcast(s);
        INDArray mask = lastInput.eq(max).castTo(lastInput.dataType());
        INDArray ties = mask.sum(2, 3).reshape(s[0], s[1], 1, 1);
        INDArray perCell = gradOutput.reshape(s[0], s[1], 1, 1).div(ties);
        return mask.muli(perCell.broadcast(s));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String name() {
        return "global_max_pool";
    }
}
