package dev.saleday.cli;

import dev.saleday.cli.input.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets {@code traffic.scale} in a plan's text, keeping every comment and the layout: the {@code scale:} line of the
 * top-level {@code traffic:} block gets the new value (its trailing comment kept); a block without one gets a line
 * after {@code traffic:}, indented as the block's first key. A flow-style {@code traffic: {...}} is refused.
 */
final class ScaleLine {

    private static final Pattern TRAFFIC = Pattern.compile("^traffic:\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^(\\s+)([A-Za-z][A-Za-z0-9]*):(.*)$");
    private static final Pattern SCALE_VALUE = Pattern.compile("^(\\s+scale:\\s*)([^#\\s]+)(.*)$");

    private ScaleLine() {
    }

    /** @return {@code yaml} with traffic.scale set to {@code scale} */
    static String withScale(String yaml, double scale) {
        String value = CalibrationReport.number(scale);
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        int traffic = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (TRAFFIC.matcher(lines.get(i)).matches()) {
                traffic = i;
                break;
            }
        }
        if (traffic < 0) {
            throw new InvalidInputException("the plan has no block-style top-level 'traffic:' to set the scale in");
        }
        String indent = null;
        for (int i = traffic + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                break; // the next top-level key: the block ended without a scale line
            }
            Matcher key = KEY.matcher(line);
            if (indent == null && key.matches()) {
                indent = key.group(1);
            }
            if (key.matches() && key.group(1).equals(indent) && key.group(2).equals("scale")) {
                Matcher scaleLine = SCALE_VALUE.matcher(line);
                if (!scaleLine.matches()) {
                    throw new InvalidInputException("line " + (i + 1) + ": 'scale:' has no value to replace");
                }
                lines.set(i, scaleLine.group(1) + value + scaleLine.group(3));
                return String.join("\n", lines);
            }
        }
        lines.add(traffic + 1, (indent == null ? "  " : indent) + "scale: " + value);
        return String.join("\n", lines);
    }
}
