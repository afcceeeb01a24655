package dev.saleday.plan;

/**
 * One thing wrong with a plan file, where it is and what was expected.
 *
 * @param file    the plan file as given
 * @param line    1-based line, or 0 when the problem has no place
 * @param column  1-based column, or 0
 * @param path    the field's path in the plan, e.g. {@code traffic.phases[1].duration}
 * @param message what was expected and what was found
 */
public record PlanProblem(String file, int line, int column, String path, String message) {

    /** @return {@code file:line:col: path: message}, the form editors and CI logs link to */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
