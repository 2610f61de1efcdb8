package dev.mp4j.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process named so that its name cannot be reused: its pid (low 32 bits) and the low 32 bits of
 * its start time in clock ticks since boot (high 32 bits, field 22 of {@code /proc/PID/stat}). A
 * pid alone is recycled (pid_max is often 32768) and may then name an unrelated process, or a
 * thread of one, which {@code /proc} and {@code kill(pid, 0)} also accept: a shared-memory word
 * that records its owner as a stamp tells a dead owner from a live pid that merely has its number.
 *
 * <p>The start time of a thread is its own, so a stamp never matches a thread that took over a dead
 * process's pid. Where {@code /proc} cannot be read the start half is 0 and liveness falls back to
 * the pid. Stateless apart from this process's own stamp; thread-safe.
 */
public final class ProcessStamp {
    private static final long PID_BITS = 0xFFFF_FFFFL;
    /** This process's stamp. */
    public static final long SELF = stampOf(dev.mp4j.internal.runtime.Pids.self());

    private ProcessStamp() {
    }

    public static int pid(long stamp) {
        return (int) (stamp & PID_BITS);
    }

    /** The start-time half of a stamp (0 when unknown). */
    public static int start(long stamp) {
        return (int) (stamp >>> 32);
    }

    public static long of(int pid, int start) {
        return ((long) start << 32) | (pid & PID_BITS);
    }

    /**
     * The current stamp of the task with id {@code pid}, 0 when there is none or it is a zombie. Its
     * start half is 0 when {@code /proc} could not be read.
     */
    public static long stampOf(long pid) {
        Stat stat = Stat.read(pid);
        if (stat == null) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? of((int) pid, 0) : 0;
        }
        return stat.dead() ? 0 : of((int) pid, (int) stat.startTicks());
    }

    /**
     * Whether the process a stamp names is still alive: a task with its pid exists, is not a zombie,
     * and started when the stamp says (when the stamp knows).
     */
    public static boolean isAlive(long stamp) {
        if (stamp == SELF) {
            return true;
        }
        int pid = pid(stamp);
        if (pid <= 0) {
            return false;
        }
        Stat stat = Stat.read(pid);
        if (stat == null) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        if (stat.dead()) {
            return false;
        }
        return start(stamp) == 0 ? isProcess(pid) : start(stamp) == (int) stat.startTicks();
    }

    /**
     * Whether a live process (not a thread of another process, not a zombie) has this pid. For
     * records that keep no start time; prefer stamps.
     */
    public static boolean isAlivePid(long pid) {
        if (pid == pid(SELF)) {
            return true;
        }
        Stat stat = Stat.read(pid);
        if (stat == null) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        return !stat.dead() && isProcess(pid);
    }

    /** True unless {@code /proc/PID/status} names another thread group: a thread id is not a process. */
    private static boolean isProcess(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.ISO_8859_1);
            int at = status.indexOf("\nTgid:");
            if (at < 0) {
                return true;
            }
            int end = status.indexOf('\n', at + 1);
            return Long.parseLong(status.substring(at + 6, end < 0 ? status.length() : end).strip()) == pid;
        } catch (IOException | RuntimeException e) {
            return Stat.read(pid) != null;
        }
    }

    /** The fields of {@code /proc/PID/stat} that matter here. */
    private record Stat(char state, long startTicks) {
        boolean dead() {
            return state == 'Z' || state == 'X' || state == 'x';
        }

        /** Null when the file does not exist or cannot be parsed (no /proc). */
        static Stat read(long pid) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat"));
            } catch (IOException e) {
                return Files.isDirectory(Path.of("/proc/self")) ? new Stat('X', 0) : null;
            }
            String line = new String(bytes, StandardCharsets.ISO_8859_1);
            // the command name (field 2) is in parentheses and may itself contain ") "
            int close = line.lastIndexOf(')');
            if (close < 0 || close + 2 >= line.length()) {
                return null;
            }
            String[] fields = line.substring(close + 2).split(" ");
            if (fields.length < 20) {
                return null;
            }
            try {
                return new Stat(fields[0].charAt(0), Long.parseLong(fields[19])); // fields 3 and 22
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
