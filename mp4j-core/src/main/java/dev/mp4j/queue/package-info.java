/** Queues shared by threads and processes: Python's queue and multiprocessing queues. */
package dev.mp4j.queue;
