import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.driver.lower.ExperimentBuilder;
import dev.qnet.driver.lower.NetworkLowering.ExecutionOverride;
import dev.qnet.runtime.data.DataLocator;
import dev.qnet.runtime.data.DatasetSplits;
import dev.qnet.runtime.data.LabeledImages;
import dev.qnet.runtime.nn.Layer;
import dev.qnet.runtime.nn.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Where finite shots move a trained model's activations: the saved model run twice on the test
 * split, exact and with SHOTS shots on PARTS (qnetc robustness --parts; "all" for every quantum
 * part), layer by layer in evaluation mode (the top-level layers of the network), on the same
 * inputs: each layer's input is the previous layer's output of the same run. Per layer, over every
 * activation of every test image:
 *   shift  = mean(shots - exact)           the systematic part of the difference
 *   rms    = sqrt(mean((shots - exact)^2)) its size
 *   spread = std(exact)                    how much the activation varies across images
 * and for the logits, the mean shift of logit(pneumonia) - logit(normal), also per true class (with
 * the mean binomial variance (1 - exact^2) / SHOTS of the sampled parts' outputs of that class's
 * images). For the sampled quantum parts (outputs are &lt;Z&gt; estimates), two checks of the sampling:
 *   binomial_rms   = sqrt(mean((1 - exact^2) / SHOTS)), the rms an unbiased estimate from SHOTS
 *                    independent shots has (rms / binomial_rms = 1 when the sampling is right);
 *   mean_err_ratio = mean over (image, channel) of (the error averaged over the image's positions)^2,
 *                    over its value for independent errors, mean((1 - exact^2) / SHOTS) / positions:
 *                    1 when the shots of different patches are independent, more when correlated
 *                    (only for image-shaped outputs, i.e. the quanvolution).
 *
 * usage (from the repository, after ./qnetc has built driver/target):
 *   java -Djavacpp.platform.extension=-onednn-avx2 -cp "driver/target/qnetc.jar:driver/target/lib/*" \
 *       docs/study/noise/shots/LayerShift.java RUN_DIR SHOTS PARTS > layers.csv
 */
public class LayerShift {
    public static void main(String[] a) throws Exception {
        dev.qnet.runtime.threads.ComputeThreads.set(1);
        Path dir = Path.of(a[0]);
        int shots = Integer.parseInt(a[1]);
        Set<String> parts = a[2].equals("all") ? Set.of() : Set.of(a[2].split(","));
        SavedModel.Loaded exact = SavedModel.load(dir, new ExecutionOverride(null, 0));
        SavedModel.Loaded noisy = SavedModel.load(dir, new ExecutionOverride(null, shots, parts, null));
        DatasetSplits d = ExperimentBuilder.loadData(exact.train(), exact.overrides(),
                DataLocator.standard(Path.of("examples", "data").toAbsolutePath()),
                exact.compiled().source().path().toAbsolutePath().getParent(), exact.config().seed());
        LabeledImages test = d.test();
        List<Layer> le = ((Sequential) exact.model()).layers(), ln = ((Sequential) noisy.model()).layers();
        int L = le.size(), batch = exact.config().batchSize();
        double[] sumD = new double[L], sumD2 = new double[L], sumE = new double[L], sumE2 = new double[L];
        long[] count = new long[L];
        double[] binom = new double[L], meanErr2 = new double[L], meanErrRef = new double[L];
        long[] groups = new long[L];
        double logitShift = 0;
        int K = test.numClasses();
        double[] classExact = new double[K], classNoisy = new double[K], classVar = new double[K];
        int[] classCount = new int[K];
        for (int from = 0; from < test.size(); from += batch) {
            int to = Math.min(test.size(), from + batch);
            INDArray x = test.images().get(NDArrayIndex.interval(from, to)).castTo(DataType.FLOAT).dup();
            INDArray xe = exact.transform().apply(x, new Random(0), false), xn = xe.dup();
            for (int i = 0; i < L; i++) {
                xe = le.get(i).forward(xe, false).dup();
                xn = ln.get(i).forward(xn, false).dup();
                double[] e = xe.castTo(DataType.DOUBLE).data().asDouble(), n = xn.castTo(DataType.DOUBLE).data().asDouble();
                for (int k = 0; k < e.length; k++) {
                    double diff = n[k] - e[k];
                    sumD[i] += diff;
                    sumD2[i] += diff * diff;
                    sumE[i] += e[k];
                    sumE2[i] += e[k] * e[k];
                }
                count[i] += e.length;
                boolean sampled = (le.get(i) instanceof dev.qnet.runtime.quantum.QuantumLayer
                        || le.get(i) instanceof dev.qnet.runtime.quantum.Quanvolution) && (parts.isEmpty() || parts.contains(le.get(i).name()));
                if (sampled) {
                    int per = e.length / (to - from);
                    for (int r = 0; r < to - from; r++) {
                        double v2 = 0;
                        for (int k = r * per; k < (r + 1) * per; k++) v2 += (1 - e[k] * e[k]) / shots;
                        int c = test.labels()[from + r];
                        classVar[c] += v2 / per;
                    }
                    for (double v : e) binom[i] += (1 - v * v) / shots;
                    long[] sh = xe.shape();
                    if (sh.length == 4) {
                        int positions = (int) (sh[2] * sh[3]);
                        for (int g = 0; g < e.length / positions; g++) {
                            double m = 0, ref = 0;
                            for (int k = g * positions; k < (g + 1) * positions; k++) {
                                m += n[k] - e[k];
                                ref += (1 - e[k] * e[k]) / shots;
                            }
                            meanErr2[i] += (m / positions) * (m / positions);
                            meanErrRef[i] += ref / positions / positions;
                            groups[i]++;
                        }
                    }
                }
            }
            for (int r = 0; r < to - from; r++) {
                double de = xe.getDouble(r, 1) - xe.getDouble(r, 0), dn = xn.getDouble(r, 1) - xn.getDouble(r, 0);
                logitShift += dn - de;
                int c = test.labels()[from + r];
                classExact[c] += de;
                classNoisy[c] += dn;
                classCount[c]++;
            }
        }
        System.out.println("layer,name,shift,rms,spread,shift_over_spread,binomial_rms,mean_err_ratio");
        for (int i = 0; i < L; i++) {
            double shift = sumD[i] / count[i], rms = Math.sqrt(sumD2[i] / count[i]);
            double mean = sumE[i] / count[i], spread = Math.sqrt(Math.max(0, sumE2[i] / count[i] - mean * mean));
            String b = binom[i] > 0 ? String.format(Locale.ROOT, "%.6f", Math.sqrt(binom[i] / count[i])) : "";
            String g = groups[i] > 0 ? String.format(Locale.ROOT, "%.4f", meanErr2[i] / meanErrRef[i]) : "";
            System.out.printf(Locale.ROOT, "%d,%s,%.6f,%.6f,%.6f,%.4f,%s,%s%n", i, le.get(i).name(), shift, rms, spread, shift / spread, b, g);
        }
        System.out.printf(Locale.ROOT, "# mean shift of logit(pneumonia) - logit(normal) over %d test images: %.6f%n",
                test.size(), logitShift / test.size());
        System.out.println("# class,images,mean exact logit(pneumonia)-logit(normal),mean with shots,mean shift,"
                + "mean binomial variance of a sampled <Z> (sampled parts)");
        for (int c = 0; c < K; c++) {
            System.out.printf(Locale.ROOT, "# %s,%d,%.4f,%.4f,%.4f,%.6f%n", test.classNames().get(c), classCount[c],
                    classExact[c] / classCount[c], classNoisy[c] / classCount[c], (classNoisy[c] - classExact[c]) / classCount[c],
                    classVar[c] / classCount[c]);
        }
    }
}
