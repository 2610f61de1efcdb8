package dev.mp4j.internal.shm;

import dev.mp4j.shm.SharedMemory;

import java.lang.foreign.ValueLayout;

/** Run by {@link SharedSegmentRoomTest} with an 8 MiB /dev/shm: a 32 MiB segment, then a 4 MiB one written whole. */
public final class SmallDevShmCheck {
    private SmallDevShmCheck() {
    }

    public static void main(String[] args) {
        try (SharedMemory tooLarge = SharedMemory.create(32L << 20)) {
            System.out.println("created a 32 MiB segment in 8 MiB: " + tooLarge.size());
        } catch (java.io.UncheckedIOException e) {
            System.out.println("refused: " + e.getMessage());
        }
        try (SharedMemory fits = SharedMemory.create(4L << 20)) {
            for (long i = 0; i < fits.size(); i += 4096) {
                fits.segment().set(ValueLayout.JAVA_BYTE, i, (byte) 1);
            }
            fits.unlink();
            System.out.println("a segment of 4 MiB works");
        }
    }
}
