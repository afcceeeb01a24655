package dev.saleday.reports.render;

import java.util.List;
import java.util.Objects;

/**
 * One series of a {@link TimeChart}.
 *
 * @param name   legend text
 * @param style  how it is drawn
 * @param color  CSS hex colour ({@code #rrggbb}), so the HTML and the PNG agree
 * @param dashed drawn dashed (a secondary reading, e.g. successful requests only)
 * @param points {x seconds since the load started, y} pairs in x order
 */
record ChartSeries(String name, Style style, String color, boolean dashed, List<Point> points) {

    enum Style {
        LINE,
        /** a line with the area under it lightly filled (the total others are read against). */
        FILLED,
        /** holds each value until the next point (replica counts). */
        STEP,
        /** stacked bars, one per second (failures by kind). */
        STACKED_BAR,
        /** stacked areas (answers per version). */
        STACKED_AREA
    }

    /** A value at a moment: {@code xSec} seconds since the load started. */
    record Point(double xSec, double y) {
    }

    ChartSeries {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(style, "style");
        points = List.copyOf(points);
    }
}
