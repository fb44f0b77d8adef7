package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path tmp;

    @Test
    void opensNamedSetsThroughTheLocator() {
        Path data = SharedData.file("breastmnist.npz").getParent();
        DataLocator loc = new DataLocator(List.of(data), tmp);
        DatasetSplits b = Datasets.open("BreastMNIST", loc, 0, 1);
        assertEquals("breastmnist", b.name());
        assertEquals(546, b.train().size());
        assertTrue(Datasets.officialMd5Warning(b).isEmpty());
        SharedData.file("mnist/train-images-idx3-ubyte.gz");
        DatasetSplits m = Datasets.open("mnist", loc, 0, 1);
        assertEquals(55000, m.train().size());
        assertTrue(Datasets.knownNames().contains("pneumoniamnist"));
    }

    @Test
    void modifiedFileIsFlaggedAndUnknownNamesExplained() throws IOException {
        Path src = SharedData.file("breastmnist.npz");
        Path copy = Files.createDirectories(tmp.resolve("d")).resolve("pneumoniamnist.npz");
        Files.copy(src, copy);
        DatasetSplits d = Datasets.open(copy.toString(), new DataLocator(List.of(), tmp), 0, 1);
        String w = Datasets.officialMd5Warning(d).orElseThrow();
        assertTrue(w.contains("differs from the official 28209eda62fecd6e6a2d98b1501bb15f"), w);
        DataException e = assertThrows(DataException.class, () -> Datasets.open("cifar10", new DataLocator(List.of(), tmp), 0, 1));
        assertTrue(e.getMessage().startsWith("unknown dataset 'cifar10'"), e.getMessage());
        e = assertThrows(DataException.class, () -> Datasets.open("pathmnist", new DataLocator(List.of(tmp), tmp), 0, 1));
        assertTrue(e.getMessage().contains("qnetc data fetch pathmnist"), e.getMessage());
    }
}
