package dev.saleday.cli;

/** What {@code saleday} exits with; CI gates on these. */
public final class ExitCodes {

    /** Every check passed (or: the plan is valid; the cluster is up; recovery undid everything). */
    public static final int PASS = 0;
    /** The run was valid and at least one check failed. */
    public static final int CHECK_FAILED = 1;
    /** Invalid input (plan, options, run directory) or an invalid run (too little load achieved, incomplete records). */
    public static final int INVALID = 2;
    /** An internal error, or the run was interrupted (its faults undone, its records left analysable). */
    public static final int INTERNAL = 3;

    static final String[] HELP = {
        "0:every check passed (validate: the plan is valid)",
        "1:the run was valid and a check failed",
        "2:invalid input (plan, options, run directory) or an invalid run",
        "3:internal error, or interrupted (faults undone, run directory left analysable)"};

    private ExitCodes() {
    }
}
