package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    @TempDir
    Path tmp;

    @Test
    void searchOrderIsQnetDataThenCacheThenFallbacks() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path examples = Files.createDirectories(tmp.resolve("examples/data"));
        DataLocator loc = DataLocator.fromEnvironment(Map.of("QNET_DATA", data.toString()), home, List.of(examples));
        Path cache = home.resolve(".cache/qnet");
        assertEquals(List.of(data, cache, examples), loc.searchDirs());
        Files.writeString(examples.resolve("pneumoniamnist.npz"), "e");
        assertEquals(examples.resolve("pneumoniamnist.npz"), loc.locateMedMnist("pneumoniamnist"));
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("pneumoniamnist.npz"), "c");
        assertEquals(cache.resolve("pneumoniamnist.npz"), loc.locate("pneumoniamnist.npz"));
        Files.writeString(data.resolve("pneumoniamnist.npz"), "d");
        assertEquals(data.resolve("pneumoniamnist.npz"), loc.locate("pneumoniamnist.npz"));
    }

    @Test
    void xdgCacheHomeWins() {
        Path home = tmp.resolve("home");
        assertEquals(tmp.resolve("xdg/qnet"),
                DataLocator.cacheDir(Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString()), home));
    }

    @Test
    void missingFileSaysWhatWhereAndHow() {
        Path home = tmp.resolve("home");
        DataLocator loc = DataLocator.fromEnvironment(Map.of("QNET_DATA", tmp.resolve("d").toString()), home, List.of());
        DataException e = assertThrows(DataException.class, () -> loc.locateMedMnist("breastmnist_64"));
        String m = e.getMessage();
        assertTrue(m.startsWith("data file 'breastmnist_64.npz' not found; looked in " + tmp.resolve("d") + ", "
                + home.resolve(".cache/qnet")), m);
        assertTrue(m.contains("`qnetc data fetch breastmnist_64`"), m);
        assertTrue(m.contains("https://zenodo.org/records/10519652/files/breastmnist_64.npz?download=1 to "
                + home.resolve(".cache/qnet/breastmnist_64.npz")), m);
        DataException other = assertThrows(DataException.class, () -> loc.locate("mnist/x.gz"));
        assertTrue(other.getMessage().contains("set QNET_DATA"), other.getMessage());
    }
}
