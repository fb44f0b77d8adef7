package dev.qnet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grid and random points, ranges, and how swept names are told apart and checked (no Spark, no training). */
class SweepPlanTest {

    @TempDir
    Path tmp;

    private SweepPlan plan(int random, int seeds, String... grid) throws Exception {
        List<Dimension> dims = java.util.Arrays.stream(grid).map(Dimension::parse).toList();
        return SweepPlan.of(new SweepPlan.Spec(SweepFixture.write(tmp), null, dims, random, 0, seeds, null, Map.of(),
                Map.of("limit", "64")));
    }

    @Test
    void aGridIsEveryCombinationTimesTheSeedsFirstNameSlowest() throws Exception {
        SweepPlan p = plan(0, 2, "lr=1e-3,3e-3", "width=2,4");
        assertEquals(8, p.trials.size());
        assertEquals(List.of("lr-1e-3_width-2_seed-3", "lr-1e-3_width-2_seed-4", "lr-1e-3_width-4_seed-3"),
                p.trials.subList(0, 3).stream().map(Trial::id).toList());
        Trial t = p.trials.get(2);
        // width is declared by the network: a network argument; lr is not: a setting.
        assertEquals(Map.of("width", "4"), t.arguments());
        assertEquals(Map.of("limit", "64", "lr", "1e-3"), t.settings());
        assertEquals(Set.of("width"), p.networkArguments);
    }

    @Test
    void combinationsThatDoNotCheckAreRejectedWithTheirDiagnostic() throws Exception {
        SweepPlan p = plan(0, 1, "width=0,2", "batch=0,16");
        assertEquals(1, p.trials.size(), p.rejected.toString());
        assertEquals(3, p.rejected.size());
        assertTrue(p.rejected.stream().anyMatch(r -> r.point().equals("width=0 batch=16") && r.diagnostic().contains("error")),
                p.rejected.toString());
        assertTrue(p.rejected.stream().anyMatch(r -> r.point().equals("width=2 batch=0") && r.diagnostic().contains("batch")),
                p.rejected.toString());
    }

    @Test
    void unknownNamesAndMisusedRangesAreCommandLineErrors() throws Exception {
        assertTrue(assertThrows(SweepException.class, () -> plan(0, 1, "lr=1e-4:1e-2:log")).getMessage().contains("--random"));
        assertTrue(assertThrows(SweepException.class, () -> plan(0, 1, "seed=1,2")).getMessage().contains("--seeds"));
        // Not a network parameter, so a setting; not a setting either: every point is rejected.
        SweepPlan p = plan(0, 1, "widht=2,4");
        assertEquals(0, p.trials.size());
        assertTrue(p.rejected.get(0).diagnostic().contains("unknown setting"), p.rejected.toString());
    }

    @Test
    void randomPointsAreDistinctReproducibleAndInsideTheirRanges() throws Exception {
        SweepPlan a = plan(6, 1, "lr=1e-4:1e-2:log", "width=2:5");
        SweepPlan b = plan(6, 1, "lr=1e-4:1e-2:log", "width=2:5");
        assertEquals(6, a.trials.size());
        assertEquals(a.trials, b.trials);
        assertEquals(6, a.trials.stream().map(Trial::point).distinct().count());
        for (Trial t : a.trials) {
            double lr = Double.parseDouble(t.point().get("lr"));
            int w = Integer.parseInt(t.point().get("width"));
            assertTrue(lr >= 1e-4 && lr <= 1e-2, t.toString());
            assertTrue(w >= 2 && w <= 5, t.toString());
        }
    }

    @Test
    void logUniformDrawsAreUniformInTheLogarithm() {
        Dimension d = Dimension.parse("lr=1e-4:1e-2:log");
        Random rng = new Random(1);
        int below = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            if (Double.parseDouble(d.sample(rng)) < 1e-3) below++;   // 1e-3 is the log-midpoint
        }
        assertEquals(0.5, below / (double) n, 0.03);
        Dimension whole = Dimension.parse("w=2:4");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 200; i++) seen.add(whole.sample(rng));
        assertEquals(java.util.Set.of("2", "3", "4"), seen);
        Dimension real = Dimension.parse("p=0.1:0.5");
        for (int i = 0; i < 200; i++) {
            double v = Double.parseDouble(real.sample(rng));
            assertTrue(v >= 0.1 && v <= 0.5, Double.toString(v));
        }
    }
}
