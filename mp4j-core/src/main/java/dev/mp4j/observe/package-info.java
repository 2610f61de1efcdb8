/**
 * Seeing what mp4j does: snapshots of pools and their workers ({@link dev.mp4j.observe.PoolStats}),
 * the JMX interfaces ({@link dev.mp4j.observe.PoolMXBean}, {@link dev.mp4j.observe.ClusterMXBean}),
 * and the merging of the flight recordings of a program and its worker JVMs
 * ({@link dev.mp4j.observe.Recordings}). The JFR events themselves are named {@code dev.mp4j.*}.
 */
package dev.mp4j.observe;
