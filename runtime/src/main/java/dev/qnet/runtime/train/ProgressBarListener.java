package dev.qnet.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch (batches, loss, accuracy, throughput, ETA) on a terminal; when output
 * is not a terminal ({@code System.console() == null}: CI, pipes, files) plain log lines instead,
 * about ten per epoch, so logs stay readable.
 */
public final class ProgressBarListener implements TrainingListener {

    private final PrintStream out;
    private final boolean terminal;
    private ProgressBar bar;
    private int epoch;
    private int epochs;
    private int batches;

    public ProgressBarListener(PrintStream out) {
        this(out, System.console() != null);
    }

    public ProgressBarListener(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void epochStart(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                    .build();
        }
    }

    @Override
    public void batchEnd(int batch, double loss, double accuracy, double samplesPerSecond) {
        String msg = String.format(Locale.ROOT, "loss %.4f acc %.4f %.0f img/s", loss, accuracy, samplesPerSecond);
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(msg);
        } else if (batch == batches || batch % Math.max(1, batches / 10) == 0) {
            out.printf(Locale.ROOT, "epoch %d/%d batch %d/%d %s%n", epoch, epochs, batch, batches, msg);
        }
    }

    @Override
    public void epochEnd(EpochRecord r) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        out.printf(Locale.ROOT, "epoch %d/%d: lr %.3g train loss %.4f acc %.4f | val loss %.4f acc %.4f | %.1f s%n",
                r.epoch(), epochs, r.lr(), r.trainLoss(), r.trainAccuracy(), r.valLoss(), r.valAccuracy(), r.seconds());
    }
}
