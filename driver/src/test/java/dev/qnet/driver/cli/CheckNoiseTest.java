package dev.qnet.driver.cli;

import static dev.qnet.driver.cli.RunCommandTest.qnetc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.driver.cli.RunCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qnetc check} shows each stage's noise model, simulation method with its reason, and state memory. */
class CheckNoiseTest {
    @Test
    void checkShowsSimulationPerStage(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("n.qnet");
        Files.writeString(src, """
                noise device { depolarizing(p: 0.01) after two_qubit_gates }
                circuit c2(a, b; t[2]) { ry(t[0]) a  cnot a, b  ry(t[1]) b }
                network small { input [4]  quantum(qubits: 4, noise: device, shots: 100) { encode angle(ry) qconv c2 measure z }  dense(2) }
                network big { input [12]  quantum(qubits: 12, noise: device) { encode angle(ry) qconv c2 measure z }  dense(2) }
                network clean { input [3]  quantum(qubits: 3) { encode angle(ry) qconv c2 measure z }  dense(2) }
                """);
        Result r = qnetc("check", src.toString());
        assertEquals(0, r.code(), r.err());
        // batch 128 (the default): 4^4 * 16 B * 128 = 512 KiB; 2^12 * 16 B * 128 = 8 MiB (one trajectory of a sample at a time); 2^3 * 16 B * 128 = 16 KiB
        assertTrue(r.out().contains("simulation quantum0: noise device, density_matrix (auto: noisy, 4 <= 10 qubits), 100 shots;"
                + " state memory 512.0 KiB per batch (128 states)"), r.out());
        assertTrue(r.out().contains("noise device, trajectories (auto: noisy, 12 > 10 qubits for a density matrix), exact;"
                + " state memory 8.0 MiB per batch"), r.out());
        assertTrue(r.out().contains("noise none, statevector (auto: noiseless), exact; state memory 16.0 KiB per batch"), r.out());
    }
}
