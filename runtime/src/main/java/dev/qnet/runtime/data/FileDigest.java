package dev.qnet.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** md5 of files, the checksum MedMNIST publishes and results record for provenance. */
public final class FileDigest {

    private FileDigest() {
    }

    public static String md5(Path file) {
        MessageDigest md = newMd5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot read to compute md5: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String md5(byte[] bytes) {
        return HexFormat.of().formatHex(newMd5().digest(bytes));
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
