package dev.saleday.simulations.traffic;

import java.util.List;

/** A traffic section that cannot be driven: every problem found, each naming the field and the rule it broke. */
public class InvalidTrafficException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidTrafficException(List<String> problems) {
        super("invalid traffic:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one line per problem, {@code traffic.<path>: <rule>, got <value>} */
    public List<String> problems() {
        return problems;
    }
}
