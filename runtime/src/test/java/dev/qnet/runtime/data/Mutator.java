package dev.qnet.runtime.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded byte-level mutations for the loader fuzz test. Every edit is appended to a log, so a
 * failure message says exactly which bytes were changed and the mutation can be replayed.
 */
final class Mutator {

    private final Random r;
    private final List<String> log = new ArrayList<>();

    Mutator(Random r) {
        this.r = r;
    }

    Random random() {
        return r;
    }

    void note(String s) {
        log.add(s);
    }

    String log() {
        return String.join("; ", log);
    }

    /** 1 to {@code max} random bytes in [from, to) xor-ed with a non-zero value. */
    byte[] flip(byte[] b, int from, int to, int max) {
        byte[] out = b.clone();
        to = Math.min(to, out.length);
        if (from >= to) {
            return out;
        }
        int n = 1 + r.nextInt(max);
        for (int k = 0; k < n; k++) {
            int at = from + r.nextInt(to - from);
            int x = 1 + r.nextInt(255);
            out[at] ^= (byte) x;
            note("flip byte " + at + " ^= 0x" + Integer.toHexString(x));
        }
        return out;
    }

    /** Cut to a random length in [0, length). */
    byte[] truncate(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        int n = r.nextInt(4) == 0 ? b.length - 1 - r.nextInt(Math.min(16, b.length)) : r.nextInt(b.length);
        note("truncate " + b.length + " -> " + n + " bytes");
        return Arrays.copyOf(b, Math.max(0, n));
    }

    /** A few random bytes appended. */
    byte[] append(byte[] b) {
        byte[] extra = new byte[1 + r.nextInt(64)];
        r.nextBytes(extra);
        note("append " + extra.length + " random bytes");
        byte[] out = Arrays.copyOf(b, b.length + extra.length);
        System.arraycopy(extra, 0, out, b.length, extra.length);
        return out;
    }

    /** Overwrites a 1-, 2- or 4-byte field at {@code at} with an interesting value (edges, off-by-one, random). */
    byte[] setField(byte[] b, int at, int width, ByteOrder order, String name) {
        if (at < 0 || at + width > b.length) {
            return b.clone();
        }
        ByteBuffer buf = ByteBuffer.wrap(b.clone()).order(order);
        long mask = width == 4 ? 0xffffffffL : (1L << (8 * width)) - 1;
        long old = switch (width) {
            case 1 -> buf.get(at) & 0xffL;
            case 2 -> buf.getShort(at) & 0xffffL;
            default -> buf.getInt(at) & 0xffffffffL;
        };
        long v = interesting(old, mask) & mask;
        switch (width) {
            case 1 -> buf.put(at, (byte) v);
            case 2 -> buf.putShort(at, (short) v);
            default -> buf.putInt(at, (int) v);
        }
        note(name + " at " + at + ": " + old + " -> " + v);
        return buf.array();
    }

    /** Values that break size and count fields: 0, 1, off by one, the type's extremes, doubled, random. */
    long interesting(long old, long mask) {
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> old - 1;
            case 3 -> old + 1;
            case 4 -> mask;
            case 5 -> mask >>> 1;
            case 6 -> (mask >>> 1) + 1;
            case 7 -> old * 2;
            case 8 -> old / 2;
            default -> r.nextLong() & mask;
        };
    }

    /** Offsets of every occurrence of a 4-byte little-endian signature (zip records). */
    static List<Integer> find(byte[] b, int signature) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + 4 <= b.length; i++) {
            if ((b[i] & 0xff | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24) == signature) {
                at.add(i);
            }
        }
        return at;
    }

    <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
