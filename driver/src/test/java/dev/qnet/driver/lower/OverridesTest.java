package dev.qnet.driver.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesTest {

    /** model.json and metrics.json record the --set overrides; they must read as the user gave them. */
    @Test
    void setOverridesKeepTheUsersOrder() {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> keys = List.of("select", "lr", "optimizer", "patience", "precision", "positive", "momentum",
                "weight_decay", "shots", "noise", "readout", "augment");
        for (String k : keys) {
            set.put(k, "v-" + k);
        }
        var o = new ExperimentBuilder.Overrides(2, 32, null, 7L, null, set);
        List<String> expected = new ArrayList<>(List.of("epochs", "batch", "seed"));
        expected.addAll(keys);
        assertEquals(expected, new ArrayList<>(o.asMap().keySet()));
        assertEquals(expected, new ArrayList<>(ExperimentBuilder.Overrides.fromMap(o.asMap()).asMap().keySet()));
    }
}
