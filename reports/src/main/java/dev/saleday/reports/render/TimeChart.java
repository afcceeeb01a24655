package dev.saleday.reports.render;

import java.util.List;
import java.util.Objects;

/**
 * One chart over the run's time axis, as data: drawn by ECharts in the HTML report and by JFreeChart as a PNG for
 * Allure, so both show the same thing.
 *
 * @param id          stable identifier, also the element id in the page and the PNG file's stem
 * @param title       what the chart shows
 * @param description one sentence on how to read it
 * @param unit        the y axis unit ({@code ms}, {@code req/s}, {@code replicas}, {@code answers/s})
 * @param series      the lines, steps, bars or stacked areas
 */
record TimeChart(String id, String title, String description, String unit, List<ChartSeries> series) {

    TimeChart {
        Objects.requireNonNull(id, "id");
        series = List.copyOf(series);
    }

    boolean hasData() {
        return series.stream().anyMatch(s -> !s.points().isEmpty());
    }
}
