package dev.qnet.driver.cli;

import dev.qnet.runtime.data.DataFetcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code qnetc data fetch NAME | list}: the MedMNIST files in the data directories. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Download (md5-checked) and list datasets. Data is looked up in $QNET_DATA, then the user cache.",
        subcommands = {DataCommand.Fetch.class, DataCommand.ListFiles.class})
final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: fetch NAME or list");
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a MedMNIST set (e.g. pneumoniamnist, bloodmnist_64) into the cache and verify its md5.")
    static final class Fetch extends RuntimeCommand {
        @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "MedMNIST flag, optionally with _64/_128/_224")
        String name;

        @CommandLine.Option(names = "--size", description = "image size: 28 (default), 64, 128 or 224")
        Integer size;

        @Override
        int execute(PrintWriter out, PrintWriter err) throws Exception {
            String key = size == null || size == 28 ? name : name + "_" + size;
            out.println(RuntimeSupport.fetch(key, err));
            out.flush();
            return Qnetc.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show which MedMNIST files are present and verified.")
    static final class ListFiles extends RuntimeCommand {
        @CommandLine.Option(names = "--all", description = "also list files that are not present")
        boolean all;

        @Override
        int execute(PrintWriter out, PrintWriter err) throws Exception {
            var locator = RuntimeSupport.locator();
            out.println("searched: " + locator.searchDirs());
            for (DataFetcher.Status s : new DataFetcher(locator).list()) {
                if (!s.present() && !all) {
                    continue;
                }
                String state = !s.present() ? "missing" : s.verified() ? "ok (md5 verified)"
                        : "md5 MISMATCH (" + s.actualMd5() + ")";
                out.printf(Locale.ROOT, "%-28s %-18s %s%n", s.entry().fileName(), state,
                        s.path().map(Path::toString).orElse("qnetc data fetch " + s.entry().flag()
                                + (s.entry().size() == 28 ? "" : " --size " + s.entry().size())));
            }
            out.flush();
            return Qnetc.OK;
        }
    }
}
