/**
 * External programs: Python's {@code subprocess} run many at a time, and shell pipelines.
 *
 * <ul>
 * <li>{@link dev.mp4j.subprocess.CommandPool}: one command per input, at most {@code jobs} at a
 *     time, with GNU-parallel placeholders, per-command timeouts that end the whole process tree,
 *     and a {@link dev.mp4j.subprocess.CommandResult} per input (what Python writes as
 *     {@code Pool.map(lambda x: subprocess.run(...), inputs)}).</li>
 * <li>{@link dev.mp4j.subprocess.Pipeline}: commands connected by OS pipes ({@code a | b | c}),
 *     with every stage's exit status in a {@link dev.mp4j.subprocess.PipelineResult}.</li>
 * </ul>
 *
 * <p>Neither starts a shell unless asked; a program that does not exist is reported before
 * anything starts ({@link dev.mp4j.subprocess.CommandNotFoundException},
 * {@link dev.mp4j.subprocess.FailureKind#NOT_FOUND}).
 */
package dev.mp4j.subprocess;
