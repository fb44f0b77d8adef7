package dev.qnet.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A sequence of steps applied in order; adjacent geometric steps are fused into one resampling. */
public record Augmentations(List<Augmentation> steps) implements Augmentation {

    public Augmentations {
        steps = List.copyOf(steps);
    }

    /** Builds the pipeline, fusing each run of {@link Geometric} steps into a {@link RandomAffine}. */
    public static Augmentations compose(List<? extends Augmentation> declared) {
        List<Augmentation> out = new ArrayList<>();
        List<Geometric> run = new ArrayList<>();
        for (Augmentation a : declared) {
            if (a instanceof Geometric g) {
                run.add(g);
            } else {
                if (!run.isEmpty()) {
                    out.add(new RandomAffine(run));
                    run = new ArrayList<>();
                }
                out.add(a);
            }
        }
        if (!run.isEmpty()) {
            out.add(new RandomAffine(run));
        }
        return new Augmentations(out);
    }

    @Override
    public INDArray apply(INDArray batch, Random rng, boolean training) {
        INDArray x = batch;
        for (Augmentation a : steps) {
            x = a.apply(x, rng, training);
        }
        return x;
    }
}
