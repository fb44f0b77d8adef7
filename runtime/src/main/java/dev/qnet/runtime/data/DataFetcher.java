package dev.qnet.runtime.data;

import dev.qnet.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Downloads MedMNIST files into the cache: to a temporary file next to the target, md5 checked
 * against the catalog while streaming, then renamed into place ({@link AtomicFiles}), so a failed or
 * interrupted download never leaves a file that looks complete.
 */
public final class DataFetcher {

    /** Progress of one download; {@code totalBytes} is -1 when the server does not say. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytesSoFar, long totalBytes);
    }

    /** What {@link #list()} reports for one catalog file. */
    public record Status(MedMnistCatalog.Entry entry, Optional<Path> path, boolean verified, String actualMd5) {
        public boolean present() {
            return path.isPresent();
        }
    }

    private final DataLocator locator;
    private final HttpClient http;

    public DataFetcher(DataLocator locator) {
        this(locator, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build());
    }

    public DataFetcher(DataLocator locator, HttpClient http) {
        this.locator = locator;
        this.http = http;
    }

    /** Fetches a set by name into the cache directory; see {@link #fetch(MedMnistCatalog.Entry, Path, Progress)}. */
    public Path fetch(String name, Progress progress) {
        MedMnistCatalog.Entry e = MedMnistCatalog.require(name);
        return fetch(e, locator.cacheDir().resolve(e.fileName()), progress);
    }

    /**
     * Downloads {@code entry.url()} to {@code target}. If the target already exists with the
     * right md5 nothing is downloaded. Fails with a {@link DataException} that names the URL and
     * the exact target path, so the user can fetch it by hand.
     */
    public Path fetch(MedMnistCatalog.Entry entry, Path target, Progress progress) {
        if (Files.isRegularFile(target) && FileDigest.md5(target).equals(entry.md5())) {
            return target;
        }
        String byHand = "; download " + entry.url() + " by hand to " + target + " (md5 " + entry.md5() + ")";
        try {
            Opened src = open(URI.create(entry.url()), byHand);
            try (InputStream in = src.in()) {
                // The md5 is checked inside the write, so a wrong download throws before the
                // rename and AtomicFiles removes it: the target never holds unverified data.
                AtomicFiles.write(target, out -> {
                    MessageDigest md = FileDigest.newMd5();
                    byte[] buf = new byte[1 << 16];
                    long done = 0;
                    long total = src.totalBytes();
                    for (int r; (r = in.read(buf)) > 0; ) {
                        out.write(buf, 0, r);
                        md.update(buf, 0, r);
                        done += r;
                        if (progress != null) {
                            progress.update(done, total);
                        }
                    }
                    String actual = HexFormat.of().formatHex(md.digest());
                    if (!actual.equals(entry.md5())) {
                        throw new DataException("downloaded " + entry.url() + " but its md5 is " + actual + ", expected "
                                + entry.md5() + " (incomplete or changed download; nothing was written to " + target + ")");
                    }
                });
            }
            return target;
        } catch (IOException e) {
            throw new DataException("cannot download " + entry.url() + " (" + describe(e) + ")" + byHand, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("download of " + entry.url() + " interrupted" + byHand, e);
        }
    }

    private record Opened(InputStream in, long totalBytes) {
    }

    /** file:// is accepted too: mirrors on a shared disk, and tests without a network. */
    private Opened open(URI uri, String byHand) throws IOException, InterruptedException {
        if ("file".equals(uri.getScheme())) {
            Path p = Path.of(uri);
            return new Opened(Files.newInputStream(p), Files.size(p));
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30))
                .header("User-Agent", "qnet").GET().build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            resp.body().close();
            throw new DataException("cannot download " + uri + ": HTTP " + resp.statusCode() + byHand);
        }
        return new Opened(resp.body(), resp.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Every catalog file: where it is (first match in the search dirs) and whether its md5 verifies. */
    public List<Status> list() {
        List<Status> out = new ArrayList<>();
        for (MedMnistCatalog.Entry e : MedMnistCatalog.entries()) {
            Optional<Path> p = locator.find(e.fileName());
            if (p.isPresent()) {
                String md5 = FileDigest.md5(p.get());
                out.add(new Status(e, p, md5.equals(e.md5()), md5));
            } else {
                out.add(new Status(e, p, false, null));
            }
        }
        return out;
    }
}
