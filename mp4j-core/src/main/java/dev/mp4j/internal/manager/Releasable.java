package dev.mp4j.internal.manager;

/** A shared object that holds resources beyond its memory (a pool's workers): released when the server drops it. */
interface Releasable {
    void release();
}
