package dev.mp4j.internal.process;

import java.io.Serializable;
import java.util.List;

/**
 * What a parent sends a child JVM to run one {@code Process} target.
 *
 * @param task the encoded target
 * @param allowedClasses classes the parent itself wrote into {@code task}, added to the child's
 *     allow-list before the task is decoded (the parent is authenticated, so it is trusted)
 */
public record RunRequest(String name, String identity, boolean daemon, long parentPid, String parentName,
                         List<String> allowedClasses, byte[] task) implements Serializable {
}
