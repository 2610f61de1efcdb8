package dev.mp4j.subprocess;

import java.io.IOException;

/**
 * A program of a {@link Pipeline} stage does not exist. Thrown before any stage is started, so no
 * process is left running.
 */
public final class CommandNotFoundException extends IOException {
    /** The stage, 1-based. */
    private final int stage;
    /** The program as written. */
    private final String program;

    /**
     * Creates the exception.
     *
     * @param stage   the stage whose program is missing, 1-based
     * @param program the program name as written in the stage
     * @param message where the program was looked for
     */
    public CommandNotFoundException(int stage, String program, String message) {
        super(message);
        this.stage = stage;
        this.program = program;
    }

    /**
     * The stage whose program is missing.
     *
     * @return its position, 1-based (as a user counts the commands of a pipe)
     */
    public int stage() {
        return stage;
    }

    /**
     * The program that does not exist.
     *
     * @return its name as written in the stage
     */
    public String program() {
        return program;
    }
}
