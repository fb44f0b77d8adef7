package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Language features checked through their IR: imports, constants, defaults, shape rules. */
class LanguageTest {
    @Test
    void importsAreRelativeToTheImportingFileAndLoadedOnce() {
        CompilationResult r = TestPrograms.ok(Compiler.compile(Path.of("src/test/resources/programs/import_main.qnet")));
        NetworkIr net = TestPrograms.network(r, "small");
        // conv 1->16 (144) + bn (32) + conv 16->4 k1 (64) + bn (8) + dense 4*8*8 -> 3 (771)
        assertEquals(144 + 32 + 64 + 8 + 256 * 3 + 3, net.params());
        assertEquals(Shape.image(4, 8, 8), net.body().nodes().get(2).output());
    }

    @Test
    void convPoolAndDenseShapeRules() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                const C = 2 ** 3
                network n {
                    input [3, 32, 32]
                    conv(C, k: 5, stride: 2)           // pad 2: floor((32 + 4 - 5) / 2) + 1 = 16
                    conv(C * 2, k: 4, padding: 0, groups: 2, bias: true)   // 13
                    maxpool(3, stride: 2, padding: 1)  // floor((13 + 2 - 3) / 2) + 1 = 7
                    avgpool(7)                         // 1x1: dense may follow (implied flatten)
                    dense(10, bias: false)
                    softmax
                }
                """));
        var nodes = TestPrograms.network(r, "n").body().nodes();
        assertEquals(Shape.image(8, 16, 16), nodes.get(0).output());
        assertEquals(3 * 8 * 25, nodes.get(0).params());
        assertEquals(Shape.image(16, 13, 13), nodes.get(1).output());
        assertEquals(16 * 4 * 16 + 16, nodes.get(1).params());
        assertEquals(Shape.image(16, 7, 7), nodes.get(2).output());
        Node.Sequence dense = (Node.Sequence) nodes.get(4);
        assertEquals(Shape.vector(10), dense.output());
        assertEquals(160, dense.params());
        assertEquals(Node.Flatten.class, dense.nodes().get(0).getClass());
    }

    @Test
    void explicitShortcutAndRepeat() {
        CompilationResult r = TestPrograms.ok(TestPrograms.text("""
                network n(depth = 2) {
                    input [4, 8, 8]
                    repeat depth {
                        residual { conv(4) bn relu conv(4) bn } shortcut { }
                        relu
                    }
                    residual { conv(8, stride: 2) } shortcut { avgpool(2) conv(8, k: 1) }
                    globalavgpool
                    dense(2)
                }
                """));
        NetworkIr net = TestPrograms.network(r, "n");
        assertEquals(7, net.body().nodes().size()); // 2 x (residual, relu), residual, pool, dense
        Node.Residual last = (Node.Residual) net.body().nodes().get(4);
        assertFalse(last.shortcutInferred());
        assertEquals(Shape.image(8, 4, 4), last.output());
    }
}
