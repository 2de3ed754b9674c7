package org.nnlab.kernel.display;

import com.google.gson.Gson;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.AxesChartSeries;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record of how every chart the kernel draws looks, for the test that checks the course's house style
 * (tests/test_notebooks.py). Off unless {@code NNLAB_CHART_AUDIT} names a file; then each chart drawn appends
 * one JSON line to it: the cell (its execution count), title, backgrounds, each series' colour, marker and
 * line, and what the drawing measured: tick labels on each axis, the legend's width.
 *
 * <p>The measured parts (tick labels, legend bounds) are XChart internals, read by reflection after the chart
 * was painted; a field that is not where it was in XChart 3.8.8 is reported as missing, never as an error.
 */
public final class ChartAudit {

    /** The file to append to, or null: the audit is off. */
    private static final Path FILE = fileFrom(System.getenv("NNLAB_CHART_AUDIT"));
    private static final Gson GSON = new Gson();
    private static volatile int cell;

    private ChartAudit() {
    }

    /** Whether charts are recorded. */
    public static boolean on() {
        return FILE != null;
    }

    /** The execution count of the cell now running, written with every chart it draws. */
    public static void cell(int executionCount) {
        cell = executionCount;
    }

    /** Appends one line about {@code chart}, which was just painted. Never throws: the audit must not break a cell. */
    static void record(Chart<?, ?> chart) {
        if (FILE == null) {
            return;
        }
        try {
            String line = GSON.toJson(describe(chart)) + "\n";
            synchronized (ChartAudit.class) {
                Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("chart audit: " + e);
        }
    }

    static Map<String, Object> describe(Chart<?, ?> chart) {
        Styler styler = chart.getStyler();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cell", cell);
        out.put("type", chart.getClass().getSimpleName());
        out.put("title", chart.getTitle());
        out.put("width", chart.getWidth());
        out.put("height", chart.getHeight());
        out.put("chartBackground", hex(styler.getChartBackgroundColor()));
        out.put("plotBackground", hex(styler.getPlotBackgroundColor()));
        out.put("titleFontSize", styler.getChartTitleFont().getSize());
        out.put("legendFontSize", styler.getLegendFont().getSize());
        List<Map<String, Object>> series = new ArrayList<>();
        for (Series s : chart.getSeriesMap().values()) {
            series.add(describe(s));
        }
        out.put("series", series);
        if (styler instanceof AxesChartStyler axes) {
            out.put("x", axis(chart, "getXAxis", axes.isXAxisLogarithmic(), axes.isXAxisLogarithmicDecadeOnly(),
                    axes.getxAxisTickLabelsFormattingFunction()));
            out.put("y", axis(chart, "getYAxis", axes.isYAxisLogarithmic(), axes.isYAxisLogarithmicDecadeOnly(),
                    axes.getyAxisTickLabelsFormattingFunction()));
        }
        Map<String, Object> legend = new LinkedHashMap<>();
        legend.put("visible", styler.isLegendVisible() && chart.getSeriesMap().values().stream()
                .anyMatch(Series::isShowInLegend));
        legend.put("position", String.valueOf(styler.getLegendPosition()));
        legend.put("layout", String.valueOf(styler.getLegendLayout()));
        Rectangle2D bounds = bounds(field(chart, "legend"));
        if (bounds != null) {
            legend.put("width", bounds.getWidth());
            legend.put("share", bounds.getWidth() / chart.getWidth());
        }
        out.put("legend", legend);
        return out;
    }

    private static Map<String, Object> describe(Series s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.getName());
        out.put("inLegend", s.isShowInLegend());
        if (s instanceof XYSeries xy) {
            out.put("colour", hex(xy.getLineColor()));
            out.put("markerColour", hex(xy.getMarkerColor()));
            out.put("marker", marker(xy.getMarker()));
            out.put("line", stroke(xy.getLineStyle()));
            out.put("render", String.valueOf(xy.getXYSeriesRenderStyle()));
            out.put("points", xy.getXData().length);
        } else if (s instanceof CategorySeries bar) {
            out.put("colour", hex(bar.getFillColor()));
            out.put("marker", marker(bar.getMarker()));
            out.put("line", stroke(bar.getLineStyle()));
            out.put("render", String.valueOf(bar.getChartCategorySeriesRenderStyle()));
        } else if (s instanceof AxesChartSeries axes) {
            out.put("colour", hex(axes.getLineColor()));
        }
        return out;
    }

    /**
     * The log flags, the class of a custom label function (nnlab's log axes are {@code PowersOfTen} labels on
     * log10 values) and the tick labels the painted axis shows (blank ones not counted).
     */
    private static Map<String, Object> axis(Chart<?, ?> chart, String getter, boolean log, boolean decadeOnly,
            Object labelFunction) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("log", log);
        out.put("decadeOnly", decadeOnly);
        out.put("labelFunction", labelFunction == null ? null : labelFunction.getClass().getSimpleName());
        Object axis = call(field(chart, "axisPair"), getter);
        Object calculator = call(axis, "getAxisTickCalculator");
        Rectangle2D box = bounds(axis);
        if (call(calculator, "getTickLabels") instanceof List<?> labels
                && call(calculator, "getTickLocations") instanceof List<?> at && box != null) {
            // XChart computes labels a little beyond the axis and draws only those on it
            double length = getter.equals("getYAxis") ? box.getHeight() : box.getWidth();
            int shown = 0;
            for (int i = 0; i < labels.size() && i < at.size(); i++) {
                Object label = labels.get(i);
                double where = ((Number) at.get(i)).doubleValue();
                if (label != null && !label.toString().isBlank() && where > 0 && where < length) {
                    shown++;
                }
            }
            out.put("labels", shown);
        }
        return out;
    }

    private static String marker(Marker m) {
        return m == null ? "none" : m.getClass().getSimpleName();
    }

    /** "2.0" for a solid line of width 2, "2.0 dash [7.0, 4.0]" for a dashed one; "none" for no line. */
    private static String stroke(Stroke s) {
        if (!(s instanceof BasicStroke b) || b.getLineWidth() == 0) {
            return "none";
        }
        float[] dash = b.getDashArray();
        return b.getLineWidth() + (dash == null ? "" : " dash " + java.util.Arrays.toString(dash));
    }

    private static String hex(Color c) {
        return c == null ? null : String.format("#%02x%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue(), c.getAlpha());
    }

    private static Rectangle2D bounds(Object part) {
        return call(part, "getBounds") instanceof Rectangle2D r ? r : null;
    }

    /** The value of a (protected) field of the chart, or null. */
    private static Object field(Object target, String name) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** {@code target.name()} through reflection (package-private methods included), or null. */
    private static Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                m.setAccessible(true);
                return m.invoke(target);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static Path fileFrom(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
