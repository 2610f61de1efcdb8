package dev.mp4j.lab.experiment;

/** A run computed a result other than the reference: the lab refuses to report it. */
public final class ResultMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResultMismatchException(String experiment, String runtime, String configuration, String expected, String actual) {
        super(experiment + " on " + runtime + " " + configuration + " computed " + actual + ", expected " + expected
                + ": the lab does not report a wrong result");
    }
}
