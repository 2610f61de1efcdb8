/**
 * Managers: a server process holding shared objects (map, list, namespace, queue, locks, ...)
 * that other processes use through proxies, Python's {@code multiprocessing.managers}.
 */
package dev.mp4j.manager;
