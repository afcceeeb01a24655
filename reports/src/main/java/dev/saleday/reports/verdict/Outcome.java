package dev.saleday.reports.verdict;

/** The verdict of a run, with the exit status the {@code saleday} command returns for it. */
public enum Outcome {
    /** Every check passed and the run was valid. */
    PASS(0),
    /** The run was valid and at least one check failed. */
    FAIL(1),
    /** The run cannot be judged: the injector fell short of the intended load, or the records were unreadable. */
    INVALID(2);

    private final int exitStatus;

    Outcome(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    /** @return 0 PASS, 1 FAIL, 2 INVALID */
    public int exitStatus() {
        return exitStatus;
    }
}
