package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qnet.compiler.ir.NetworkIr;
import dev.qnet.compiler.ir.Node;
import dev.qnet.compiler.ir.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter counts and shapes against PyTorch (peers/torch_resnet50_28.py, torchvision resnet50). */
class ResNetParameterCountTest {
    private static final Path EXAMPLE = TestPrograms.repo().resolve("examples/resnet50.qnet");

    @Test
    void medmnistResNet50MatchesThePyTorchPeer() {
        CompilationResult r = TestPrograms.ok(Compiler.compile(EXAMPLE));
        NetworkIr net = TestPrograms.network(r, "resnet50");
        assertEquals(23_503_298L, net.params());
        assertEquals(Shape.vector(2), net.body().output());
        assertEquals(0, net.circuitParams());
    }

    @Test
    void threeChannelsThousandClasses() throws Exception {
        String src = Files.readString(EXAMPLE).replaceAll("(?s)train \".*", "");
        src = src.replace("network resnet50(classes, channels = 1)", "network resnet50(classes = 1000, channels = 3)");
        CompilationResult r = TestPrograms.ok(TestPrograms.text(src));
        assertEquals(25_549_352L, TestPrograms.network(r, "resnet50").params());
    }

    @Test
    void torchvisionImageNetResNet50() {
        CompilationResult r = TestPrograms.ok(Compiler.compile(Path.of("src/test/resources/programs/resnet50_imagenet.qnet")));
        NetworkIr net = TestPrograms.network(r, "resnet50");
        assertEquals(25_557_032L, net.params());
        List<Node> top = net.body().nodes();
        // conv bn relu maxpool, then the four stages (each a block instance), gap, dense
        assertEquals(Shape.image(64, 112, 112), top.get(0).output());
        assertEquals(Shape.image(64, 56, 56), top.get(3).output());
        assertEquals(Shape.image(256, 56, 56), top.get(4).output());
        assertEquals(Shape.image(512, 28, 28), top.get(5).output());
        assertEquals(Shape.image(1024, 14, 14), top.get(6).output());
        assertEquals(Shape.image(2048, 7, 7), top.get(7).output());
        assertEquals(Shape.vector(1000), net.body().output());
    }

    @Test
    void projectionShortcutIsInferredLikeTorchvision() {
        CompilationResult r = TestPrograms.ok(Compiler.compile(Path.of("src/test/resources/programs/resnet50_imagenet.qnet")));
        Node.Sequence stage2 = (Node.Sequence) TestPrograms.network(r, "resnet50").body().nodes().get(5);
        Node.Sequence firstBlock = (Node.Sequence) stage2.nodes().get(0);
        Node.Residual residual = (Node.Residual) firstBlock.nodes().get(0);
        assertTrue(residual.shortcutInferred());
        Node.Conv proj = (Node.Conv) residual.shortcut().nodes().get(0);
        assertEquals(1, proj.kernel());
        assertEquals(2, proj.stride());
        assertEquals(256 * 512, proj.params());
        assertTrue(residual.shortcut().nodes().get(1) instanceof Node.BatchNorm);
    }
}
