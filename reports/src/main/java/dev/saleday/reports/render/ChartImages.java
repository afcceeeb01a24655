package dev.saleday.reports.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYAreaRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG images of the {@link TimeChart}s, drawn with JFreeChart, for Allure attachments: the same series, phase bands
 * and chaos markers as the HTML page's charts.
 */
final class ChartImages {

    static final int WIDTH_PX = 1100;
    static final int HEIGHT_PX = 380;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color CHAOS = new Color(0xc0392b);

    private ChartImages() {
    }

    /** @return the chart as PNG bytes */
    static byte[] png(TimeChart chart, ChartFrame frame) {
        JFreeChart jfree = new JFreeChart(chart.title(), TITLE_FONT, plot(chart, frame), true);
        jfree.setBackgroundPaint(Color.WHITE);
        jfree.setAntiAlias(true);
        jfree.setTextAntiAlias(true);
        LegendTitle legend = jfree.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(LABEL_FONT);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        BufferedImage image = new BufferedImage(WIDTH_PX, HEIGHT_PX, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            jfree.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, WIDTH_PX, HEIGHT_PX));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return bytes.toByteArray();
    }

    private static XYPlot plot(TimeChart chart, ChartFrame frame) {
        NumberAxis x = new NumberAxis("since load start (m:ss)");
        double tick = tickSeconds(frame.xMaxSec() - frame.xMinSec());
        x.setRange(Math.floor(frame.xMinSec() / tick) * tick, Math.max(frame.xMaxSec(), frame.xMinSec() + 1));
        x.setTickUnit(new NumberTickUnit(tick));
        x.setNumberFormatOverride(new ClockFormat());
        x.setLabelFont(LABEL_FONT);
        NumberAxis y = new NumberAxis(chart.unit());
        y.setAutoRangeIncludesZero(true);
        y.setLabelFont(LABEL_FONT);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdfe3ea));
        plot.setDomainGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        int index = 0;
        XYSeriesCollection lines = new XYSeriesCollection();
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        XYSeriesCollection steps = new XYSeriesCollection();
        XYStepRenderer stepRenderer = new XYStepRenderer();
        XYSeriesCollection fills = new XYSeriesCollection();
        XYAreaRenderer fillRenderer = new XYAreaRenderer(XYAreaRenderer.AREA_AND_SHAPES);
        DefaultTableXYDataset bars = new DefaultTableXYDataset();
        StackedXYBarRenderer barRenderer = new StackedXYBarRenderer(0.15);
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        DefaultTableXYDataset areas = new DefaultTableXYDataset();
        StackedXYAreaRenderer2 areaRenderer = new StackedXYAreaRenderer2();
        for (ChartSeries series : chart.series()) {
            XYSeries data = new XYSeries(series.name(), true, series.style() != ChartSeries.Style.STACKED_BAR
                    && series.style() != ChartSeries.Style.STACKED_AREA);
            series.points().forEach(p -> data.addOrUpdate(p.xSec(), p.y()));
            Color color = Color.decode(series.color());
            BasicStroke stroke = series.dashed()
                    ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(1.6f);
            switch (series.style()) {
                case LINE -> style(lineRenderer, lines, data, color, stroke);
                case STEP -> style(stepRenderer, steps, data, color, stroke);
                case FILLED -> {
                    fills.addSeries(data);
                    int i = fills.getSeriesCount() - 1;
                    fillRenderer.setSeriesPaint(i, new Color(color.getRed(), color.getGreen(), color.getBlue(), 70));
                    fillRenderer.setSeriesOutlinePaint(i, color);
                }
                case STACKED_BAR -> {
                    bars.addSeries(data);
                    barRenderer.setSeriesPaint(bars.getSeriesCount() - 1, color);
                }
                case STACKED_AREA -> {
                    areas.addSeries(data);
                    areaRenderer.setSeriesPaint(areas.getSeriesCount() - 1, color);
                }
            }
        }
        fillRenderer.setOutline(true);
        // Drawn back to front: stacked areas and bars first, lines on top.
        index = add(plot, index, areas, areas.getSeriesCount(), areaRenderer);
        index = add(plot, index, fills, fills.getSeriesCount(), fillRenderer);
        index = add(plot, index, bars, bars.getSeriesCount(), barRenderer);
        index = add(plot, index, steps, steps.getSeriesCount(), stepRenderer);
        add(plot, index, lines, lines.getSeriesCount(), lineRenderer);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);

        boolean shade = true;
        for (ChartFrame.Band band : frame.phases()) {
            IntervalMarker marker = new IntervalMarker(band.startSec(), band.endSec());
            marker.setPaint(shade ? new Color(90, 110, 140, 30) : new Color(90, 110, 140, 8));
            marker.setOutlinePaint(new Color(90, 110, 140, 90));
            marker.setLabel(band.name());
            marker.setLabelFont(LABEL_FONT);
            marker.setLabelPaint(new Color(0x56607a));
            marker.setLabelAnchor(RectangleAnchor.TOP);
            marker.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            plot.addDomainMarker(marker, Layer.BACKGROUND);
            shade = !shade;
        }
        for (ChartFrame.Band starved : frame.starved()) {
            IntervalMarker marker = new IntervalMarker(starved.startSec(), starved.endSec());
            marker.setPaint(new Color(192, 57, 43, 40));
            marker.setOutlinePaint(new Color(192, 57, 43, 120));
            marker.setLabel(starved.name());
            marker.setLabelFont(LABEL_FONT);
            marker.setLabelPaint(CHAOS);
            marker.setLabelAnchor(RectangleAnchor.BOTTOM);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_CENTER);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }
        for (ChartFrame.Marker chaos : frame.markers()) {
            ValueMarker marker = new ValueMarker(chaos.sec(), CHAOS,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
            marker.setLabel(chaos.label());
            marker.setLabelFont(LABEL_FONT);
            marker.setLabelPaint(CHAOS);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            marker.setLabelOffset(new RectangleInsets(16, 3, 0, 0));
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            plot.addDomainMarker(marker, Layer.FOREGROUND);
        }
        return plot;
    }

    private static void style(XYItemRenderer renderer, XYSeriesCollection collection, XYSeries data, Color color,
                              BasicStroke stroke) {
        collection.addSeries(data);
        int i = collection.getSeriesCount() - 1;
        renderer.setSeriesPaint(i, color);
        renderer.setSeriesStroke(i, stroke);
    }

    private static int add(XYPlot plot, int index, org.jfree.data.xy.XYDataset dataset, int seriesCount,
                           XYItemRenderer renderer) {
        if (seriesCount == 0) {
            return index;
        }
        // Renderer first: a dataset without its own renderer would be measured by renderer 0.
        plot.setRenderer(index, renderer);
        plot.setDataset(index, dataset);
        return index + 1;
    }

    /** The same steps as the page's x axis: at most about ten labels. */
    static double tickSeconds(double spanSeconds) {
        for (int step : List.of(5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)) {
            if (spanSeconds / step <= 10) {
                return step;
            }
        }
        return 14400;
    }

    /** Seconds since the load started, written m:ss. */
    private static final class ClockFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(TimeCharts.clock(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(TimeCharts.clock(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("the chart axis only formats");
        }
    }
}
