package dev.qnet.driver.cli;

import dev.qnet.compiler.ablate.AblationTarget;
import dev.qnet.core.Keyword;
import dev.qnet.driver.lower.ExperimentBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Overrides for quick experiments, shared by run and compare. */
final class RunOptions {

    @CommandLine.Option(names = "--train", paramLabel = "NAME", description = "which train section: its title or 1-based index (default: the first)")
    String train;

    @CommandLine.Option(names = "--epochs", paramLabel = "N", description = "override the number of epochs")
    Integer epochs;

    @CommandLine.Option(names = "--batch", paramLabel = "N", description = "override the batch size")
    Integer batch;

    @CommandLine.Option(names = "--limit", paramLabel = "N", description = "train on the first N training samples only")
    Integer limit;

    @CommandLine.Option(names = "--seed", paramLabel = "N", description = "override the seed")
    Long seed;

    @CommandLine.Option(names = "--data", paramLabel = "NAME", description = "use another dataset (a MedMNIST name, mnist, a .npz file or an image folder)")
    String data;

    @CommandLine.Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a setting: lr, optimizer, weight_decay, momentum, patience, select, positive, ...")
    Map<String, String> set = new LinkedHashMap<>();

    @CommandLine.Option(names = "--arg", paramLabel = "NAME=VALUE",
            description = "override a network argument (a parameter the network declares, e.g. width=32)")
    Map<String, String> arguments = new LinkedHashMap<>();

    @CommandLine.Option(names = "--ablate", paramLabel = "PART",
            description = "also train the model's stand-ins without PART under the same protocol and seeds: quantum "
                    + "(each quantum stage and quanvolution replaced by a classical layer, and the circuit frozen)")
    String ablate;

    /** The parsed {@code --ablate}, or null when not given. */
    AblationTarget ablation() {
        if (ablate == null) {
            return null;
        }
        try {
            return Keyword.parse(AblationTarget.values(), ablate, "--ablate part");
        } catch (IllegalArgumentException e) {
            throw new ExperimentBuilder.SetupException(e.getMessage());
        }
    }

    ExperimentBuilder.Overrides overrides() {
        return new ExperimentBuilder.Overrides(epochs, batch, limit, seed, data, set);
    }
}
