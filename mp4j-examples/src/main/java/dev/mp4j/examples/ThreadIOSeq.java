package dev.mp4j.examples;

import java.nio.file.Path;
import java.util.List;

/**
 * Seed 000 (lecture), {@code threadIO_seq.py} ("Why should I use threads?"): five images downloaded
 * one after the other, 1 KiB buffer, timed. The CERN URLs are served by a local
 * {@link DownloadServer} (same paths, same file names), so no internet is needed; the files go to
 * the directory given as argument or to a temporary one. After the seed's {@code Time:} line the
 * port lists what it downloaded. Compare with {@link ThreadIO}.
 */
public final class ThreadIOSeq {
    static final int BUFFER_SIZE = 1024;
    static final List<String> URLS = List.of(
            "http://cds.cern.ch/record/2690508/files/201909-262_01.jpg",
            "http://cds.cern.ch/record/2274473/files/05-07-2017_Calorimeters.jpg",
            "http://cds.cern.ch/record/2274473/files/08-07-2017_Spectrometer_magnet.jpg",
            "http://cds.cern.ch/record/2127067/files/_MG_3944.jpg",
            "http://cds.cern.ch/record/2274473/files/08-07-2017_Electronics.jpg");

    private ThreadIOSeq() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = DownloadServer.targetDirectory(args);
        try (DownloadServer server = DownloadServer.start()) {
            List<String> urls = server.urls(URLS);
            long t = System.nanoTime();
            // sequential download
            for (String url : urls) {
                DownloadServer.download(url, directory, BUFFER_SIZE);
            }
            System.out.println("Time: " + (System.nanoTime() - t) / 1e9);
        }
        System.out.println("Downloaded: " + DownloadServer.listing(directory));
    }
}
