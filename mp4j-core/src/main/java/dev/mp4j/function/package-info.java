/**
 * Functional interfaces whose instances (lambdas included) can cross a process boundary.
 *
 * <p>A lambda is serializable only when its target type is; assigning a lambda to one of these
 * types is what makes it a valid task for the {@code PROCESSES} and {@code CLUSTER} engines.
 * Everything a lambda captures must be serializable too; {@code Process.start()} checks this
 * before any child process is spawned and names the offending field.
 */
package dev.mp4j.function;
