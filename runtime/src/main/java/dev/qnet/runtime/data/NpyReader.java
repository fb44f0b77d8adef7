package dev.qnet.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code .npy} stream (format versions 1, 2 and 3). Only little-endian (or byte-sized)
 * u1/i8/f4/f8 in C order are accepted; anything else is rejected with a message naming the
 * source, because silently reinterpreting bytes would produce plausible-looking garbage.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    /** numpy writes headers of a few hundred bytes; anything near this is a corrupt length field. */
    private static final int MAX_HEADER = 1 << 24;
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    /**
     * @param in        the stream positioned at the magic string; read to the array's end
     * @param where     how to name the source in errors, e.g. {@code data.npz:train_images.npy}
     * @param available the most bytes the stream can hold (e.g. the zip entry's size): a header
     *                  describing a larger array is rejected before anything is allocated for it
     */
    public static NpyArray read(InputStream in, String where, long available) {
        try {
            byte[] magic = readFully(in, 8, where, "header");
            for (int i = 0; i < MAGIC.length; i++) {
                if (magic[i] != MAGIC[i]) {
                    throw new DataException(where + ": not a .npy array (wrong magic string)");
                }
            }
            int major = magic[6] & 0xff;
            int lengthBytes;
            switch (major) {
                case 1 -> lengthBytes = 2;
                case 2, 3 -> lengthBytes = 4;
                default -> throw new DataException(where + ": unsupported .npy format version " + major
                        + " (expected 1, 2 or 3)");
            }
            byte[] b = readFully(in, lengthBytes, where, "header length");
            long headerLength = lengthBytes == 2 ? (b[0] & 0xff) | (b[1] & 0xff) << 8
                    : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            long prefix = 8 + lengthBytes;
            if (headerLength > MAX_HEADER || headerLength > available - prefix) {
                throw new DataException(where + ": .npy header length " + headerLength + " is implausible ("
                        + available + " bytes stored; corrupt file)");
            }
            Charsetish cs = major == 3 ? Charsetish.UTF8 : Charsetish.LATIN1;
            String header = cs.decode(readFully(in, (int) headerLength, where, "header"));
            NpyArray.Dtype dtype = parseDtype(header, where);
            Matcher fortran = FORTRAN.matcher(header);
            if (!fortran.find()) {
                throw new DataException(where + ": .npy header has no 'fortran_order': " + oneLine(header));
            }
            if (fortran.group(1).equals("True")) {
                throw new DataException(where + ": Fortran-order arrays are not supported (save with C order)");
            }
            long[] shape = parseShape(header, where);
            long bytes = byteSize(shape, dtype, where);
            long stored = available - prefix - headerLength;
            if (bytes > stored) {
                throw new DataException(where + ": the header describes " + Arrays.toString(shape) + " " + dtype.code
                        + " (" + bytes + " bytes) but only " + stored + " bytes are stored (corrupt header or"
                        + " truncated file)");
            }
            byte[] data = readFully(in, (int) bytes, where, "data");
            return new NpyArray(dtype, shape, ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new DataException(where + ": cannot read: " + DataException.reason(e), e);
        }
    }

    /** Bytes of an array of {@code shape}, refusing sizes that overflow or exceed a Java array. */
    private static long byteSize(long[] shape, NpyArray.Dtype dtype, String where) {
        long bytes = dtype.bytes;
        for (long d : shape) {
            // A corrupt shape such as (2^40, 2^40) must not wrap around to a small or negative size.
            if (d != 0 && bytes > (Integer.MAX_VALUE - 16) / d) {
                throw new DataException(where + ": array of shape " + Arrays.toString(shape) + " " + dtype.code
                        + " is too large (limit 2 GB)");
            }
            bytes *= d;
        }
        return bytes;
    }

    /** A header quoted in a one-line message: its text, control characters shown as '?'. */
    private static String oneLine(String header) {
        String s = header.strip().replaceAll("[\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029]", "?");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static NpyArray.Dtype parseDtype(String header, String where) {
        Matcher m = DESCR.matcher(header);
        if (!m.find()) {
            throw new DataException(where + ": .npy header has no 'descr': " + oneLine(header));
        }
        String descr = m.group(1);
        // '|' = not applicable (single bytes), '<' = little-endian; '=' is native, which numpy
        // never writes to disk, and '>' would need byte swapping we do not do.
        if (descr.length() >= 3 && (descr.charAt(0) == '<' || descr.charAt(0) == '|')) {
            String code = descr.substring(1);
            for (NpyArray.Dtype d : NpyArray.Dtype.values()) {
                if (d.code.equals(code) && (d.bytes == 1 || descr.charAt(0) == '<')) {
                    return d;
                }
            }
        }
        throw new DataException(where + ": unsupported dtype '" + oneLine(descr)
                + "' (supported: uint8, little-endian int64, float32, float64)");
    }

    private static long[] parseShape(String header, String where) {
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new DataException(where + ": .npy header has no 'shape': " + oneLine(header));
        }
        List<Long> dims = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new DataException(where + ": bad dimension '" + oneLine(s) + "' in .npy shape");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static byte[] readFully(InputStream in, int n, String where, String what) throws IOException {
        byte[] out = new byte[n];
        int off = 0;
        try {
            while (off < n) {
                int r = in.read(out, off, n - off);
                if (r < 0) {
                    break;
                }
                off += r;
            }
        } catch (EOFException e) {
            // Inflater streams report a cut-off deflate stream this way.
        }
        if (off < n) {
            throw new DataException(where + ": truncated (" + what + " needs " + n + " bytes, found " + off + ")");
        }
        return out;
    }

    private enum Charsetish {
        LATIN1, UTF8;

        String decode(byte[] b) {
            return new String(b, this == UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
    }

    /** Test helper and writer for small fixtures: serialise an array as .npy version 1. */
    public static byte[] write(NpyArray a) {
        StringBuilder shape = new StringBuilder("(");
        for (long d : a.shape()) {
            shape.append(d).append(", ");
        }
        if (a.rank() > 1) {
            shape.setLength(shape.length() - 1);
            shape.setLength(shape.length() - 1);
        } else if (a.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String descr = (a.dtype().bytes == 1 ? "|" : "<") + a.dtype().code;
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer d = a.data();
        byte[] raw = new byte[d.remaining()];
        d.get(raw);
        out.writeBytes(raw);
        return out.toByteArray();
    }
}
