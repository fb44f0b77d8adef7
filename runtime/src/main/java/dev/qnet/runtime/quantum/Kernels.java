package dev.qnet.runtime.quantum;

/**
 * The hot loops. A state block holds {@code bc} samples of a {@code 2^n} state as two arrays
 * (real, imaginary) with sample innermost: amplitude {@code i} of sample {@code b} at
 * {@code i * bc + b}. With that layout a gate with a batch-shared matrix touches, for a run of
 * consecutive pair indices, one contiguous range and its partner range {@code tm * bc} further on,
 * so one plain loop serves a single big state ({@code bc = 1}) and a batch of small ones, and the
 * JIT vectorises it (no per-element index arithmetic).
 *
 * <p>Pair indices {@code k} in {@code [lo, hi)} of {@code [0, 2^(n-1))} (or quads for two targets)
 * let callers split one gate across threads. {@code tm} is the target's bit mask, {@code cm} the
 * mask of all controls (0 when uncontrolled).
 *
 * <p>The loops repeat one another on purpose: each is specialised for a matrix shape (diagonal,
 * real, phase, X-like) or for a per-sample versus batch-shared matrix, because a shared helper
 * or a branch inside the innermost loop stops the JIT from vectorising it (measured in bench/).
 */
final class Kernels {

    private Kernels() {
    }

    /** The k-th index with a zero inserted at bit {@code tm}. */
    static int insert0(int k, int tm) {
        int low = k & (tm - 1);
        return ((k - low) << 1) | low;
    }

    /** Contiguous pair run starting at pair k (in pair units), 0 if the pair fails the controls. */
    private static int run(int k, int i0, int hi, int tm, int cm) {
        if (cm == 0) {
            return Math.min(hi - k, tm - (k & (tm - 1)));
        }
        return (i0 & cm) == cm ? 1 : 0;
    }

    /** Applies a batch-shared 2x2 matrix {@code m} (double[8]), choosing a specialised loop by its shape. */
    static void apply1(double[] re, double[] im, int bc, int tm, int cm, double[] m, int lo, int hi) {
        boolean offZero = m[2] == 0 && m[3] == 0 && m[4] == 0 && m[5] == 0;
        boolean diagZero = m[0] == 0 && m[1] == 0 && m[6] == 0 && m[7] == 0;
        if (offZero) {
            if (m[0] == 1 && m[1] == 0) {
                phase1(re, im, bc, tm, cm, m[6], m[7], lo, hi);
            } else {
                diagonal(re, im, bc, tm, cm, m, lo, hi);
            }
        } else if (diagZero && m[2] == 1 && m[3] == 0 && m[4] == 1 && m[5] == 0) {
            flip(re, im, bc, tm, cm, lo, hi);
        } else if (m[1] == 0 && m[3] == 0 && m[5] == 0 && m[7] == 0) {
            real(re, im, bc, tm, cm, m[0], m[2], m[4], m[6], lo, hi);
        } else {
            general(re, im, bc, tm, cm, m, lo, hi);
        }
    }

    /** diag(1, p): only the |1> half changes (phase, z, s, t, cz, cphase). */
    private static void phase1(double[] re, double[] im, int bc, int tm, int cm, double pr, double pi, int lo, int hi) {
        int off = tm * bc;
        for (int k = lo; k < hi; ) {
            int i0 = insert0(k, tm);
            int r = run(k, i0, hi, tm, cm);
            if (r == 0) {
                k++;
                continue;
            }
            int s = i0 * bc + off, e = s + r * bc;
            for (int p = s; p < e; p++) {
                double a = re[p], b = im[p];
                re[p] = pr * a - pi * b;
                im[p] = pr * b + pi * a;
            }
            k += r;
        }
    }

    private static void diagonal(double[] re, double[] im, int bc, int tm, int cm, double[] m, int lo, int hi) {
        double ar = m[0], ai = m[1], br = m[6], bi = m[7];
        int off = tm * bc;
        for (int k = lo; k < hi; ) {
            int i0 = insert0(k, tm);
            int r = run(k, i0, hi, tm, cm);
            if (r == 0) {
                k++;
                continue;
            }
            int s = i0 * bc, e = s + r * bc;
            for (int p = s; p < e; p++) {
                double x = re[p], y = im[p];
                re[p] = ar * x - ai * y;
                im[p] = ar * y + ai * x;
                int q = p + off;
                double u = re[q], v = im[q];
                re[q] = br * u - bi * v;
                im[q] = br * v + bi * u;
            }
            k += r;
        }
    }

    /** X (and cnot, mcx): swap the two halves. */
    private static void flip(double[] re, double[] im, int bc, int tm, int cm, int lo, int hi) {
        int off = tm * bc;
        for (int k = lo; k < hi; ) {
            int i0 = insert0(k, tm);
            int r = run(k, i0, hi, tm, cm);
            if (r == 0) {
                k++;
                continue;
            }
            int s = i0 * bc, e = s + r * bc;
            for (int p = s; p < e; p++) {
                int q = p + off;
                double x = re[p];
                re[p] = re[q];
                re[q] = x;
                double y = im[p];
                im[p] = im[q];
                im[q] = y;
            }
            k += r;
        }
    }

    /** Real matrix (ry, h): 4 multiplies per component instead of 8. */
    private static void real(double[] re, double[] im, int bc, int tm, int cm,
                             double a, double b, double c, double d, int lo, int hi) {
        int off = tm * bc;
        for (int k = lo; k < hi; ) {
            int i0 = insert0(k, tm);
            int r = run(k, i0, hi, tm, cm);
            if (r == 0) {
                k++;
                continue;
            }
            int s = i0 * bc, e = s + r * bc;
            for (int p = s; p < e; p++) {
                int q = p + off;
                double x0 = re[p], x1 = re[q];
                re[p] = a * x0 + b * x1;
                re[q] = c * x0 + d * x1;
                double y0 = im[p], y1 = im[q];
                im[p] = a * y0 + b * y1;
                im[q] = c * y0 + d * y1;
            }
            k += r;
        }
    }

    private static void general(double[] re, double[] im, int bc, int tm, int cm, double[] m, int lo, int hi) {
        double ar = m[0], ai = m[1], br = m[2], bi = m[3], cr = m[4], ci = m[5], dr = m[6], di = m[7];
        int off = tm * bc;
        for (int k = lo; k < hi; ) {
            int i0 = insert0(k, tm);
            int r = run(k, i0, hi, tm, cm);
            if (r == 0) {
                k++;
                continue;
            }
            int s = i0 * bc, e = s + r * bc;
            for (int p = s; p < e; p++) {
                int q = p + off;
                double x0 = re[p], y0 = im[p], x1 = re[q], y1 = im[q];
                re[p] = ar * x0 - ai * y0 + br * x1 - bi * y1;
                im[p] = ar * y0 + ai * x0 + br * y1 + bi * x1;
                re[q] = cr * x0 - ci * y0 + dr * x1 - di * y1;
                im[q] = cr * y0 + ci * x0 + dr * y1 + di * x1;
            }
            k += r;
        }
    }

    /**
     * Applies per-sample 2x2 matrices: {@code ms[e * bc + b]} is entry {@code e} (of the 8) for
     * sample {@code b}. Used for input-dependent angles.
     */
    static void apply1PerSample(double[] re, double[] im, int bc, int tm, int cm, double[] ms, int lo, int hi) {
        int off = tm * bc;
        for (int k = lo; k < hi; k++) {
            int i0 = insert0(k, tm);
            if ((i0 & cm) != cm) {
                continue;
            }
            int s = i0 * bc;
            for (int b = 0; b < bc; b++) {
                int p = s + b, q = p + off;
                double ar = ms[b], ai = ms[bc + b], br = ms[2 * bc + b], bi = ms[3 * bc + b];
                double cr = ms[4 * bc + b], ci = ms[5 * bc + b], dr = ms[6 * bc + b], di = ms[7 * bc + b];
                double x0 = re[p], y0 = im[p], x1 = re[q], y1 = im[q];
                re[p] = ar * x0 - ai * y0 + br * x1 - bi * y1;
                im[p] = ar * y0 + ai * x0 + br * y1 + bi * x1;
                re[q] = cr * x0 - ci * y0 + dr * x1 - di * y1;
                im[q] = cr * y0 + ci * x0 + dr * y1 + di * x1;
            }
        }
    }

    /**
     * Adds {@code 2 Re <lambda| D |psi>} per sample into {@code g[b]}, D a per-sample 2x2 (same
     * layout as {@link #apply1PerSample}) acting where the controls are 1 (zero elsewhere).
     */
    static void gradient1(double[] lr, double[] li, double[] pr, double[] pi, int bc, int tm, int cm,
                          double[] ds, double[] g, int lo, int hi) {
        int off = tm * bc;
        for (int k = lo; k < hi; k++) {
            int i0 = insert0(k, tm);
            if ((i0 & cm) != cm) {
                continue;
            }
            int s = i0 * bc;
            for (int b = 0; b < bc; b++) {
                int p = s + b, q = p + off;
                double ar = ds[b], ai = ds[bc + b], br = ds[2 * bc + b], bi = ds[3 * bc + b];
                double cr = ds[4 * bc + b], ci = ds[5 * bc + b], dr = ds[6 * bc + b], di = ds[7 * bc + b];
                double x0 = pr[p], y0 = pi[p], x1 = pr[q], y1 = pi[q];
                double ur = ar * x0 - ai * y0 + br * x1 - bi * y1;
                double ui = ar * y0 + ai * x0 + br * y1 + bi * x1;
                double vr = cr * x0 - ci * y0 + dr * x1 - di * y1;
                double vi = cr * y0 + ci * x0 + dr * y1 + di * x1;
                g[b] += 2 * (lr[p] * ur + li[p] * ui + lr[q] * vr + li[q] * vi);
            }
        }
    }

    /**
     * Same as {@link #gradient1} for a batch-shared D, whose per-sample results are equal in form;
     * specialised for diagonal and real D (the rz / ry derivatives) since this is the hot gradient.
     */
    static void gradient1Shared(double[] lr, double[] li, double[] pr, double[] pi, int bc, int tm, int cm,
                                double[] d, double[] g, int lo, int hi) {
        double ar = d[0], ai = d[1], br = d[2], bi = d[3], cr = d[4], ci = d[5], dr = d[6], di = d[7];
        int off = tm * bc;
        for (int k = lo; k < hi; k++) {
            int i0 = insert0(k, tm);
            if ((i0 & cm) != cm) {
                continue;
            }
            int s = i0 * bc;
            for (int b = 0; b < bc; b++) {
                int p = s + b, q = p + off;
                double x0 = pr[p], y0 = pi[p], x1 = pr[q], y1 = pi[q];
                double ur = ar * x0 - ai * y0 + br * x1 - bi * y1;
                double ui = ar * y0 + ai * x0 + br * y1 + bi * x1;
                double vr = cr * x0 - ci * y0 + dr * x1 - di * y1;
                double vi = cr * y0 + ci * x0 + dr * y1 + di * x1;
                g[b] += 2 * (lr[p] * ur + li[p] * ui + lr[q] * vr + li[q] * vi);
            }
        }
    }

    /**
     * Gradient through a gate's generator: adds {@code 2 Re <lambda| G |psi>} per sample into
     * {@code g[b]}, where psi is the state <em>after</em> the gate and {@code G = dU/dangle U^dagger}
     * (batch-shared). For rotations G is angle-independent: -i/2 X, -i/2 Y (real), -i/2 Z and
     * i|1><1| (imaginary diagonal), so the hot cases need a few flops per amplitude.
     */
    static void gradientGenerator(double[] lr, double[] li, double[] pr, double[] pi, int bc, int tm, int cm,
                                  double[] gen, double[] g, int lo, int hi) {
        boolean realOff = gen[0] == 0 && gen[1] == 0 && gen[6] == 0 && gen[7] == 0 && gen[3] == 0 && gen[5] == 0;
        boolean imagDiag = gen[0] == 0 && gen[6] == 0 && gen[2] == 0 && gen[3] == 0 && gen[4] == 0 && gen[5] == 0;
        int off = tm * bc;
        if (realOff) {
            double a = 2 * gen[2], c = 2 * gen[4];
            for (int k = lo; k < hi; k++) {
                int i0 = insert0(k, tm);
                if ((i0 & cm) != cm) {
                    continue;
                }
                int s = i0 * bc;
                for (int b = 0; b < bc; b++) {
                    int p = s + b, q = p + off;
                    g[b] += a * (lr[p] * pr[q] + li[p] * pi[q]) + c * (lr[q] * pr[p] + li[q] * pi[p]);
                }
            }
        } else if (imagDiag) {
            double a = 2 * gen[1], d = 2 * gen[7];
            for (int k = lo; k < hi; k++) {
                int i0 = insert0(k, tm);
                if ((i0 & cm) != cm) {
                    continue;
                }
                int s = i0 * bc;
                for (int b = 0; b < bc; b++) {
                    int p = s + b, q = p + off;
                    g[b] += a * (li[p] * pr[p] - lr[p] * pi[p]) + d * (li[q] * pr[q] - lr[q] * pi[q]);
                }
            }
        } else {
            gradient1Shared(lr, li, pr, pi, bc, tm, cm, gen, g, lo, hi);
        }
    }

    /** The k-th index with zeros inserted at bits {@code m1 < m2}. */
    static int insert00(int k, int m1, int m2) {
        return insert0(insert0(k, m1), m2);
    }

    /** Swap of two qubits (masks ma, mb): exchange the |01> and |10> amplitudes. Quads k in [lo, hi). */
    static void swap(double[] re, double[] im, int bc, int ma, int mb, int lo, int hi) {
        int lowM = Math.min(ma, mb), highM = Math.max(ma, mb);
        for (int k = lo; k < hi; k++) {
            int base = insert00(k, lowM, highM);
            int p = (base | ma) * bc, q = (base | mb) * bc;
            for (int b = 0; b < bc; b++) {
                double x = re[p + b];
                re[p + b] = re[q + b];
                re[q + b] = x;
                double y = im[p + b];
                im[p + b] = im[q + b];
                im[q + b] = y;
            }
        }
    }

    /** General 4x4 (double[32], row-major interleaved) on targets (ma = more significant local bit, mb). */
    static void apply2(double[] re, double[] im, int bc, int ma, int mb, double[] m, int lo, int hi) {
        int lowM = Math.min(ma, mb), highM = Math.max(ma, mb);
        int[] off = new int[4];
        double[] xr = new double[4], xi = new double[4];
        for (int k = lo; k < hi; k++) {
            int base = insert00(k, lowM, highM);
            off[0] = base * bc;
            off[1] = (base | mb) * bc;
            off[2] = (base | ma) * bc;
            off[3] = (base | ma | mb) * bc;
            for (int b = 0; b < bc; b++) {
                for (int j = 0; j < 4; j++) {
                    xr[j] = re[off[j] + b];
                    xi[j] = im[off[j] + b];
                }
                for (int i = 0; i < 4; i++) {
                    double sr = 0, si = 0;
                    for (int j = 0; j < 4; j++) {
                        double mr = m[8 * i + 2 * j], mi = m[8 * i + 2 * j + 1];
                        sr += mr * xr[j] - mi * xi[j];
                        si += mr * xi[j] + mi * xr[j];
                    }
                    re[off[i] + b] = sr;
                    im[off[i] + b] = si;
                }
            }
        }
    }

    /**
     * A real 4x4 matrix {@code s} (double[16], row-major) on the local index {@code 2 bit(ma) + bit(mb)},
     * the same on the real and imaginary parts: a one-qubit channel's superoperator on the (row, column)
     * bits of a vectorised density matrix (every channel qnet has is real there). Quads k in [lo, hi).
     */
    static void real4(double[] re, double[] im, int bc, int ma, int mb, double[] s, int lo, int hi) {
        int lowM = Math.min(ma, mb), highM = Math.max(ma, mb);
        double s00 = s[0], s01 = s[1], s02 = s[2], s03 = s[3], s10 = s[4], s11 = s[5], s12 = s[6], s13 = s[7];
        double s20 = s[8], s21 = s[9], s22 = s[10], s23 = s[11], s30 = s[12], s31 = s[13], s32 = s[14], s33 = s[15];
        for (int k = lo; k < hi; k++) {
            int base = insert00(k, lowM, highM);
            int p0 = base * bc, p1 = (base | mb) * bc, p2 = (base | ma) * bc, p3 = (base | ma | mb) * bc;
            for (int b = 0; b < bc; b++) {
                double x0 = re[p0 + b], x1 = re[p1 + b], x2 = re[p2 + b], x3 = re[p3 + b];
                re[p0 + b] = s00 * x0 + s01 * x1 + s02 * x2 + s03 * x3;
                re[p1 + b] = s10 * x0 + s11 * x1 + s12 * x2 + s13 * x3;
                re[p2 + b] = s20 * x0 + s21 * x1 + s22 * x2 + s23 * x3;
                re[p3 + b] = s30 * x0 + s31 * x1 + s32 * x2 + s33 * x3;
                double y0 = im[p0 + b], y1 = im[p1 + b], y2 = im[p2 + b], y3 = im[p3 + b];
                im[p0 + b] = s00 * y0 + s01 * y1 + s02 * y2 + s03 * y3;
                im[p1 + b] = s10 * y0 + s11 * y1 + s12 * y2 + s13 * y3;
                im[p2 + b] = s20 * y0 + s21 * y1 + s22 * y2 + s23 * y3;
                im[p3 + b] = s30 * y0 + s31 * y1 + s32 * y2 + s33 * y3;
            }
        }
    }
}
