package dev.saleday.reports.render;

import java.util.List;

/**
 * What every time chart of a run shares: the x range, the phases drawn as bands and the chaos actions drawn as
 * labelled vertical lines, and the stretches in which the host starved saleday's processes of CPU shaded. x is
 * seconds since the load started.
 */
record ChartFrame(double xMinSec, double xMaxSec, List<Band> phases, List<Marker> markers, List<Band> starved) {

    /** A phase from {@code startSec} to {@code endSec}. */
    record Band(String name, double startSec, double endSec) {
    }

    /** A chaos action at {@code sec}. */
    record Marker(String label, double sec) {
    }

    ChartFrame {
        phases = List.copyOf(phases);
        markers = List.copyOf(markers);
        starved = List.copyOf(starved);
    }

    /** Without starved stretches. */
    ChartFrame(double xMinSec, double xMaxSec, List<Band> phases, List<Marker> markers) {
        this(xMinSec, xMaxSec, phases, markers, List.of());
    }
}
