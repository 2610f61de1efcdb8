/**
 * The service interfaces through which the {@code mp4j-cluster} module plugs
 * {@code Engine.CLUSTER} into mp4j-core, found with {@link java.util.ServiceLoader}. Not for
 * applications: they choose the engine with {@code Engine.CLUSTER} and never call these types.
 */
package dev.mp4j.spi;
