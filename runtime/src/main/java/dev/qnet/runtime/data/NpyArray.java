package dev.qnet.runtime.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One array read from a {@code .npy} file: its numpy dtype, its C-order shape and its raw
 * little-endian bytes. Values stay raw (not widened to double) so a 224x224 MedMNIST set does not
 * need eight times its size in memory.
 *
 * @param dtype one of {@link Dtype}
 * @param shape C-order shape; {@code []} for a scalar
 * @param data  exactly {@code count() * dtype.bytes} bytes, little-endian
 */
public record NpyArray(Dtype dtype, long[] shape, ByteBuffer data) {

    /** The element types qnet reads: what MedMNIST and typical exports use. */
    public enum Dtype {
        U1("u1", 1), I8("i8", 8), F4("f4", 4), F8("f8", 8);

        public final String code;
        public final int bytes;

        Dtype(String code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }
    }

    public NpyArray {
        shape = shape.clone();
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if ((long) data.remaining() != count(shape) * dtype.bytes) {
            throw new IllegalArgumentException("data holds " + data.remaining() + " bytes, shape "
                    + Arrays.toString(shape) + " of " + dtype.code + " needs " + count(shape) * dtype.bytes);
        }
    }

    static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The raw bytes as a read-only view of its own: reading it (as {@link NpyReader#write} does)
     * must not move the array's position, or a second write of the same array comes out empty.
     */
    @Override
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int rank() {
        return shape.length;
    }

    public long count() {
        return count(shape);
    }

    /** Element {@code i} in C order, as a double (exact for u1, f4, f8 and |i8| below 2^53). */
    public double getDouble(long i) {
        int at = Math.toIntExact(i * dtype.bytes);
        return switch (dtype) {
            case U1 -> data.get(at) & 0xff;
            case I8 -> data.getLong(at);
            case F4 -> data.getFloat(at);
            case F8 -> data.getDouble(at);
        };
    }

    /** Element {@code i} in C order as a long; floating values must be whole numbers. */
    public long getLong(long i) {
        return switch (dtype) {
            case U1 -> data.get(Math.toIntExact(i)) & 0xff;
            case I8 -> data.getLong(Math.toIntExact(i * 8));
            case F4, F8 -> {
                double v = getDouble(i);
                if (v != Math.rint(v)) {
                    throw new IllegalStateException("element " + i + " is not a whole number: " + v);
                }
                yield (long) v;
            }
        };
    }

    /**
     * The index of the first element that is NaN or infinite once read as a float (so an f8
     * beyond the float range counts too), or -1. Integer dtypes are always finite. One pass over
     * the raw bytes, no copy: loaders call it on every floating image array.
     */
    public long firstNonFiniteAsFloat() {
        long n = count();
        if (dtype == Dtype.F4) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(data.getFloat(i * 4))) {
                    return i;
                }
            }
        } else if (dtype == Dtype.F8) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite((float) data.getDouble(i * 8))) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** All elements as floats times {@code scale} (e.g. 1/255 for pixels), in C order. */
    public float[] toFloats(float scale) {
        int n = Math.toIntExact(count());
        float[] out = new float[n];
        if (dtype == Dtype.U1) {
            for (int i = 0; i < n; i++) {
                out[i] = (data.get(i) & 0xff) * scale;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) (getDouble(i) * scale);
            }
        }
        return out;
    }
}
