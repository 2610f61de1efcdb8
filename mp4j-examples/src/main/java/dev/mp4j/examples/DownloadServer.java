package dev.mp4j.examples;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A local stand-in for the web servers of the download seeds (cds.cern.ch in 000, github.com in
 * 004), so that the download examples never need the internet. Any {@code GET /path} answers with
 * a deterministic payload (its size, 64 to 192 KiB, derived from the path), sent in 16 KiB pieces
 * with a pause between them that stands for network latency ({@link SeedSleep}: 0.1 s a piece), so
 * that a download waits on I/O as a real one does. Requests are served concurrently.
 */
final class DownloadServer implements AutoCloseable {
    private static final int PIECE = 16 * 1024;
    private final HttpServer server;

    private DownloadServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                int size = sizeOf(exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(200, size);
                OutputStream body = exchange.getResponseBody();
                byte[] piece = new byte[PIECE];
                for (int sent = 0; sent < size; sent += PIECE) {
                    Arrays.fill(piece, (byte) (sent / PIECE));
                    SeedSleep.seconds(0.1);
                    body.write(piece, 0, Math.min(PIECE, size - sent));
                }
            }
        });
        server.start();
    }

    static DownloadServer start() throws IOException {
        return new DownloadServer();
    }

    /** The payload size for a path: 64 to 192 KiB. */
    static int sizeOf(String path) {
        return (4 + Math.floorMod(path.hashCode(), 9)) * PIECE;
    }

    /** The seed's URLs, with their host replaced by this server. */
    List<String> urls(List<String> seedUrls) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return seedUrls.stream().map(url -> base + URI.create(url).getPath()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Downloads {@code url} into {@code directory} under the URL's last path segment, 1 KiB at a time. */
    static Path download(String url, Path directory, int bufferSize) {
        String filename = url.substring(url.lastIndexOf('/') + 1);
        Path target = directory.resolve(filename);
        try (InputStream response = URI.create(url).toURL().openStream();
             OutputStream f = Files.newOutputStream(target)) {
            byte[] data = new byte[bufferSize];
            for (int n; (n = response.read(data)) > 0; ) {
                f.write(data, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("download of " + url + " failed", e);
        }
        return target;
    }

    /** The directory given as first argument, or a new temporary one. */
    static Path targetDirectory(String[] args) throws IOException {
        return args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("mp4j-downloads-");
    }

    /** "name (bytes)" for every file downloaded into {@code directory}, sorted by name. */
    static String listing(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return String.join(", ", files.sorted().map(f -> {
                try {
                    return f.getFileName() + " (" + Files.size(f) + " bytes)";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList());
        }
    }
}
