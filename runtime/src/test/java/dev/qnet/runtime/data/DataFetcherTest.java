package dev.qnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {

    @TempDir
    Path tmp;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves {@code body} at /f on 127.0.0.1, with an optional cut to simulate a dropped connection. */
    private String serve(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/f", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/f";
    }

    private DataFetcher fetcher(Path cache) {
        return new DataFetcher(new DataLocator(List.of(cache), cache));
    }

    @Test
    void downloadsVerifiesAndRenamesIntoPlace() throws IOException {
        Path real = SharedData.file("breastmnist.npz");
        String url = serve(Files.readAllBytes(real));
        MedMnistCatalog.Entry official = MedMnistCatalog.require("breastmnist");
        MedMnistCatalog.Entry local = new MedMnistCatalog.Entry("breastmnist", 28, url, official.md5());
        Path cache = tmp.resolve("cache");
        AtomicLong last = new AtomicLong();
        long size = Files.size(real);
        Path got = fetcher(cache).fetch(local, cache.resolve(local.fileName()), (done, total) -> {
            assertEquals(size, total, "server sends Content-Length");
            last.set(done);
        });
        assertEquals(cache.resolve("breastmnist.npz"), got);
        assertEquals(Files.size(real), last.get());
        assertEquals(official.md5(), FileDigest.md5(got));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(got), s.toList(), "no temporary file left behind");
        }
        DataFetcher.Status st = fetcher(cache).list().stream()
                .filter(x -> x.entry().name().equals("breastmnist")).findFirst().orElseThrow();
        assertTrue(st.present() && st.verified());
        assertTrue(fetcher(cache).list().stream().filter(x -> x.entry().name().equals("pathmnist"))
                .noneMatch(DataFetcher.Status::present));
        assertEquals(2, MedMnistNpz.load(got).train().numClasses());
    }

    @Test
    void md5MismatchLeavesNothing() throws IOException {
        String url = serve("not the data".getBytes());
        MedMnistCatalog.Entry e = new MedMnistCatalog.Entry("breastmnist", 28, url, "750601b1f35ba3300ea97c75c52ff8f6");
        Path cache = tmp.resolve("cache");
        Path target = cache.resolve("breastmnist.npz");
        DataException ex = assertThrows(DataException.class, () -> fetcher(cache).fetch(e, target, null));
        assertTrue(ex.getMessage().contains("md5 is ") && ex.getMessage().contains("expected 750601b1"), ex.getMessage());
        assertFalse(Files.exists(target));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(0, s.count(), "the partial download was removed");
        }
    }

    @Test
    void networkFailureNamesUrlAndTarget() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/pneumoniamnist.npz";
        MedMnistCatalog.Entry e = new MedMnistCatalog.Entry("pneumoniamnist", 28, url, "28209eda62fecd6e6a2d98b1501bb15f");
        Path target = tmp.resolve("c/pneumoniamnist.npz");
        DataException ex = assertThrows(DataException.class, () -> fetcher(tmp.resolve("c")).fetch(e, target, null));
        String m = ex.getMessage();
        assertTrue(m.startsWith("cannot download " + url), m);
        assertTrue(m.contains("download " + url + " by hand to " + target), m);
        assertFalse(Files.exists(target));
    }

    @Test
    void http404IsReported() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/missing.npz";
        MedMnistCatalog.Entry e = new MedMnistCatalog.Entry("x", 28, url, "0".repeat(32));
        DataException ex = assertThrows(DataException.class,
                () -> fetcher(tmp).fetch(e, tmp.resolve("x.npz"), null));
        assertTrue(ex.getMessage().contains("HTTP 404"), ex.getMessage());
    }

    @Test
    void fileUrlsWorkAndExistingVerifiedFileIsKept() {
        Path real = SharedData.file("pneumoniamnist.npz");
        MedMnistCatalog.Entry e = new MedMnistCatalog.Entry("pneumoniamnist", 28, real.toUri().toString(),
                "28209eda62fecd6e6a2d98b1501bb15f");
        Path target = tmp.resolve("pneumoniamnist.npz");
        fetcher(tmp).fetch(e, target, null);
        assertEquals(e.md5(), FileDigest.md5(target));
        MedMnistCatalog.Entry gone = new MedMnistCatalog.Entry("pneumoniamnist", 28, "file:///nonexistent/x.npz", e.md5());
        assertEquals(target, fetcher(tmp).fetch(gone, target, null), "already present and verified: no download");
    }
}
