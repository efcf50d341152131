package dev.tidepool.cli.doctor;

/** One step of the doctor's walk: its name, how it went, how long it took, and what it found. */
public record Step(String name, Status status, long nanos, String detail) {

    /** How a step went. */
    public enum Status { OK, FAILED, SKIPPED }
}
