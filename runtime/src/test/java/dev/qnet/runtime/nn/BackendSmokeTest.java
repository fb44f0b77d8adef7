package dev.qnet.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BackendSmokeTest {
    @Test
    void nd4jLoadsTheOneDnnBuild() {
        var a = Nd4j.ones(2, 2);
        assertEquals(8.0, a.mmul(a).sumNumber().doubleValue(), 1e-6);
        String info = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        org.junit.jupiter.api.Assertions.assertTrue(info.contains("HAVE_ONEDNN"), info);
    }
}
