// How fast can this CPU multiply bfloat16 matrices, and what does that bound a ResNet-50 training
// step's convolutions to? Times a square matmul (bf16 in, f32 out, and f32 throughout) in oneDNN
// 2.5.2, the version qnet calls, on all cores: median of 7 runs after 2 warm-up runs, as GFLOP/s.
// Then counts the floating-point operations of the convolutions of one training step of
// examples/resnet50.qnet from ../onednn-versions/shapes.txt (in, out, size, kernel, stride, count):
// forward, backward data and backward weights each 2 * N * out * oh * ow * in * k * k, as qnet
// computes all three for every convolution. Run by ./run.
import org.bytedeco.dnnl.*;
import org.bytedeco.dnnl.global.dnnl;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.nio.file.*; import java.util.*;
public class Peak25 {
  static engine e = new engine(engine.kind.cpu, 0); static stream s = new stream(e);
  static double medianMs(primitive p, IntMemoryMap m) {
    for (int i = 0; i < 2; i++) p.execute(s, m); s._wait();
    double[] t = new double[7];
    for (int i = 0; i < t.length; i++) { long t0 = System.nanoTime(); p.execute(s, m); s._wait(); t[i] = (System.nanoTime() - t0) / 1e6; }
    Arrays.sort(t); return t[3];
  }
  static void matmul(String name, memory.data_type in, long n) {
    memory.desc a = new memory.desc(new long[]{n, n}, in, memory.format_tag.ab);
    memory.desc b = new memory.desc(new long[]{n, n}, in, memory.format_tag.any);
    memory.desc c = new memory.desc(new long[]{n, n}, memory.data_type.f32, memory.format_tag.ab);
    matmul.primitive_desc pd = new matmul.primitive_desc(new matmul.desc(a, b, c), e);
    IntMemoryMap m = new IntMemoryMap();
    m.put(DNNL_ARG_SRC, new memory(a, e)); m.put(DNNL_ARG_WEIGHTS, new memory(pd.weights_desc(), e)); m.put(DNNL_ARG_DST, new memory(c, e));
    double ms = medianMs(new matmul(pd), m);
    System.out.printf(Locale.ROOT, "MATMUL %s n=%d %.2f ms %.1f GFLOP/s (%s)%n", name, n, ms, 2.0 * n * n * n / ms / 1e6, pd.impl_info_str().getString());
  }
  public static void main(String[] args) throws Exception {
    for (long n : new long[]{2048, 4096}) { matmul("bf16", memory.data_type.bf16, n); matmul("f32", memory.data_type.f32, n); }
    for (String batch : args[1].split(",")) {
      long bn = Long.parseLong(batch); double flop = 0;
      for (String line : Files.readAllLines(Path.of(args[0]))) {
        String[] f = line.trim().split("\\s+");
        long ic = Long.parseLong(f[0]), oc = Long.parseLong(f[1]), hw = Long.parseLong(f[2]), k = Long.parseLong(f[3]), st = Long.parseLong(f[4]), cnt = Long.parseLong(f[5]);
        long oh = (hw + 2 * (k / 2) - k) / st + 1;
        flop += cnt * 3.0 * 2 * bn * oc * oh * oh * ic * k * k;
      }
      System.out.printf(Locale.ROOT, "CONV_FLOP batch=%d %.1f GFLOP per training step%n", bn, flop / 1e9);
    }
  }
}
