package dev.qnet.driver.cli;

import dev.qnet.compiler.ir.Shape;
import dev.qnet.driver.experiment.SavedModel;
import dev.qnet.runtime.data.ImageFiles;
import dev.qnet.runtime.nn.Softmax;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code qnetc predict RUN_DIR IMAGE...}: class probabilities for image files with a trained model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify PNG/JPEG images with a trained model (a results directory of `qnetc run`).")
final class PredictCommand extends RuntimeCommand {

    @CommandLine.Parameters(index = "0", paramLabel = "RUN_DIR", description = "results directory written by qnetc run")
    Path dir;

    @CommandLine.Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files")
    List<Path> images;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws Exception {
        SavedModel.Loaded m = SavedModel.load(dir);
        Shape in = m.train().network().body().input();
        for (Path file : images) {
            INDArray x = ImageFiles.read(file, in.channels(), in.height(), in.width());
            INDArray logits = m.model().forward(m.transform().apply(x, new Random(0), false), false);
            INDArray p = Softmax.rows(logits.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
            int best = p.argMax(1).getInt(0);
            StringBuilder line = new StringBuilder(file + ": " + name(m, best));
            for (int c = 0; c < p.size(1); c++) {
                line.append(String.format(Locale.ROOT, "  %s=%.4f", name(m, c), p.getDouble(0, c)));
            }
            out.println(line);
        }
        out.flush();
        return Qnetc.OK;
    }

    private static String name(SavedModel.Loaded m, int c) {
        return c < m.classNames().size() ? m.classNames().get(c) : String.valueOf(c);
    }

}
