// The convolution kernels of ResNet-50 (28x28 input, examples/resnet50.qnet) in oneDNN 2.5.2, the
// version behind ND4J 1.0.0-M2.1 and qnet's direct calls: forward, backward data and backward
// weights of every convolution shape in shapes.txt (in, out, size, kernel, stride, count), NHWC
// activations, weights in the layout the kernel picks, no reorders. Prints each shape's median of
// 5 runs and the kernel oneDNN chose, then the network's total (count-weighted). ConvKernels38 is
// the same program against oneDNN 3.8.1, whose API builds primitive descriptors directly (no op
// descriptors), hence a second file. Run by ./run, which pairs the two.
import org.bytedeco.dnnl.*;
import org.bytedeco.dnnl.global.dnnl;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.nio.file.*; import java.util.*;
public class ConvKernels25 {
  static engine e = new engine(engine.kind.cpu, 0); static stream s = new stream(e);
  static double time(primitive p, IntMemoryMap m) {
    for (int i = 0; i < 2; i++) p.execute(s, m); s._wait();
    double[] t = new double[5];
    for (int i = 0; i < 5; i++) { long t0 = System.nanoTime(); p.execute(s, m); s._wait(); t[i] = (System.nanoTime() - t0) / 1e6; }
    Arrays.sort(t); return t[2];
  }
  public static void main(String[] a) throws Exception {
    memory.data_type t = a[0].equals("bf16") ? memory.data_type.bf16 : memory.data_type.f32;
    long n = Long.parseLong(a[1]);
    double tf = 0, tbd = 0, tbw = 0;
    for (String line : Files.readAllLines(Path.of(a[2]))) {
      String[] f = line.trim().split("\\s+"); long ic = Long.parseLong(f[0]), oc = Long.parseLong(f[1]), hw = Long.parseLong(f[2]), k = Long.parseLong(f[3]), st = Long.parseLong(f[4]), cnt = Long.parseLong(f[5]);
      long p = k / 2, oh = (hw + 2 * p - k) / st + 1;
      memory.desc src = new memory.desc(new long[]{n,ic,hw,hw}, t, memory.format_tag.nhwc);
      memory.desc dst = new memory.desc(new long[]{n,oc,oh,oh}, t, memory.format_tag.nhwc);
      memory.desc w = new memory.desc(new long[]{oc,ic,k,k}, t, memory.format_tag.any);
      memory.desc dw = new memory.desc(new long[]{oc,ic,k,k}, memory.data_type.f32, memory.format_tag.any);
      long[] ss = {st,st}, pad = {p,p};
      convolution_forward.primitive_desc fp = new convolution_forward.primitive_desc(new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct, src, w, new memory.desc(), dst, ss, pad, pad), e);
      convolution_backward_data.primitive_desc bd = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(dnnl.algorithm.convolution_direct, src, w, dst, ss, pad, pad), e, fp);
      convolution_backward_weights.primitive_desc bw = new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, src, dw, new memory.desc(), dst, ss, pad, pad), e, fp);
      memory ms = new memory(src, e), md = new memory(dst, e), mw = new memory(fp.weights_desc(), e), mw2 = new memory(bd.weights_desc(), e), mdw = new memory(bw.diff_weights_desc(), e);
      IntMemoryMap m1 = new IntMemoryMap(); m1.put(DNNL_ARG_SRC, ms); m1.put(DNNL_ARG_WEIGHTS, mw); m1.put(DNNL_ARG_DST, md);
      IntMemoryMap m2 = new IntMemoryMap(); m2.put(DNNL_ARG_DIFF_DST, md); m2.put(DNNL_ARG_WEIGHTS, mw2); m2.put(DNNL_ARG_DIFF_SRC, ms);
      IntMemoryMap m3 = new IntMemoryMap(); m3.put(DNNL_ARG_SRC, ms); m3.put(DNNL_ARG_DIFF_DST, md); m3.put(DNNL_ARG_DIFF_WEIGHTS, mdw);
      double a1 = time(new convolution_forward(fp), m1), a2 = time(new convolution_backward_data(bd), m2), a3 = time(new convolution_backward_weights(bw), m3);
      tf += cnt * a1; tbd += cnt * a2; tbw += cnt * a3;
      System.out.printf("%s x%d fwd %.2f (%s) bwd_d %.2f (%s) bwd_w %.2f (%s)%n", line.trim(), cnt, a1, fp.impl_info_str().getString(), a2, bd.impl_info_str().getString(), a3, bw.impl_info_str().getString());
    }
    System.out.printf("TOTAL 2.5.2 %s n=%d forward %.1f ms, backward data %.1f, backward weights %.1f, sum %.1f%n", a[0], n, tf, tbd, tbw, tf + tbd + tbw);
  }
}
