package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MedMnistCatalogTest {

    @Test
    void namesAndFiles() {
        MedMnistCatalog.Entry p = MedMnistCatalog.require("pneumoniamnist");
        assertEquals("pneumoniamnist.npz", p.fileName());
        assertEquals("28209eda62fecd6e6a2d98b1501bb15f", p.md5());
        assertEquals("https://zenodo.org/records/10519652/files/pneumoniamnist.npz?download=1", p.url());
        MedMnistCatalog.Entry p64 = MedMnistCatalog.require("PneumoniaMNIST_64.npz");
        assertEquals("pneumoniamnist_64.npz", p64.fileName());
        assertEquals(64, p64.size());
        assertEquals(p, MedMnistCatalog.find("pneumoniamnist", 28).orElseThrow());
        assertTrue(MedMnistCatalog.require("organmnist3d").is3d());
        assertEquals(60, MedMnistCatalog.entries().size());
        assertEquals(18, MedMnistCatalog.flags().size());
        DataException e = assertThrows(DataException.class, () -> MedMnistCatalog.require("cifar"));
        assertTrue(e.getMessage().contains("unknown MedMNIST set 'cifar'"), e.getMessage());
        assertFalse(MedMnistCatalog.find("pathmnist_32").isPresent());
    }

    @Test
    void classNamesFallBackToIndices() {
        assertEquals(9, MedMnistCatalog.classNames("pathmnist", 9).size());
        assertEquals(java.util.List.of("0", "1", "2"), MedMnistCatalog.classNames("unknown", 3));
    }

    /** The Java table must equal the official table in the shared README, row for row. */
    @Test
    void agreesWithTheSharedReadme() throws IOException {
        Path readme = SharedData.file("README.md");
        Pattern row = Pattern.compile("\\| (\\w+) \\| (\\d+) \\| (https://\\S+) \\| ([0-9a-f]{32}) \\|");
        int rows = 0;
        for (String line : Files.readAllLines(readme)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                MedMnistCatalog.Entry e = MedMnistCatalog.find(m.group(1), Integer.parseInt(m.group(2))).orElseThrow();
                assertEquals(m.group(3), e.url());
                assertEquals(m.group(4), e.md5());
                rows++;
            }
        }
        assertEquals(MedMnistCatalog.entries().size(), rows);
    }
}
