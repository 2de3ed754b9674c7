package org.nnlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * How cell results look in the notebook. Everything is static data (PNG, SVG, HTML tables): no
 * JavaScript, no CDN, so outputs survive HTML export and offline use.
 * <ul>
 *   <li>XChart charts: {@code image/png}, drawn at twice the size for sharp lines and shown at the chart's
 *       own size; {@code image/svg+xml} on request ({@code display(chart, "image/svg+xml")}).</li>
 *   <li>ND4J arrays: an HTML table with shape and data type (large arrays truncated), and plain text.</li>
 *   <li>With {@code NNLAB_CHART_AUDIT=<file>}, every chart drawn is also described in that file
 *       ({@link ChartAudit}), for the test of the course's chart style.</li>
 *   <li>Any object with a public {@code mimeBundle()} method returning a {@code Map<String, ?>} from MIME
 *       type to content: rendered as that bundle (this is how the nnlab library shows rich objects
 *       without depending on the kernel).</li>
 * </ul>
 */
public final class Renderers {

    private static final MIMEType PNG = MIMEType.IMAGE_PNG;
    private static final MIMEType SVG = MIMEType.IMAGE_SVG;

    private final Renderer renderer;

    public Renderers(Renderer renderer) {
        this.renderer = renderer;
        renderer.createRegistration(Chart.class)
                .preferring(PNG)
                .supporting(PNG, SVG)
                .register((chart, ctx) -> {
                    ctx.renderIfRequested(PNG, (type, out) -> {
                        int w = chart.getWidth();
                        int h = chart.getHeight();
                        out.putData(PNG, png(chart, 2));
                        out.putMetaData(PNG, Map.of("width", w, "height", h));
                    });
                    ctx.renderIfRequested(SVG, () -> svg(chart));
                });
        renderer.createRegistration(INDArray.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((array, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> ArrayTable.html(array));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> ArrayTable.text(array));
                });
    }

    /** Renders a value with its preferred representations. */
    public DisplayData render(Object value) {
        if (value == null) {
            return new DisplayData("null");
        }
        if (value.getClass().isArray()) {
            return new DisplayData(arrayText(value)); // long[] shows as [2, 3], not [J@1b6d3586
        }
        DisplayData bundle = fromMimeBundleMethod(value);
        return bundle != null ? bundle : renderer.render(value);
    }

    /** A Java array as text, nested arrays included. */
    static String arrayText(Object array) {
        String text = Arrays.deepToString(new Object[]{array});
        return text.substring(1, text.length() - 1);
    }

    /** Renders a value as the given MIME types (for example {@code image/svg+xml}). */
    public DisplayData renderAs(Object value, String... mimeTypes) {
        if (mimeTypes.length == 0) {
            return render(value);
        }
        DisplayData bundle = fromMimeBundleMethod(value);
        return bundle != null ? bundle : renderer.renderAs(value, mimeTypes);
    }

    private static DisplayData fromMimeBundleMethod(Object value) {
        Method method;
        try {
            method = value.getClass().getMethod("mimeBundle");
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (!Map.class.isAssignableFrom(method.getReturnType()) || Modifier.isStatic(method.getModifiers())) {
            return null;
        }
        try {
            Map<?, ?> bundle = (Map<?, ?>) method.invoke(value);
            DisplayData data = new DisplayData();
            bundle.forEach((type, content) -> data.putData(String.valueOf(type), content));
            if (!bundle.containsKey("text/plain")) {
                data.putText(String.valueOf(value));
            }
            return data;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The chart as a base64 PNG, drawn at {@code scale} times its size. */
    static String png(Chart<?, ?> chart, int scale) {
        int w = chart.getWidth();
        int h = chart.getHeight();
        BufferedImage image = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.scale(scale, scale);
        chart.paint(g, w, h);
        g.dispose();
        ChartAudit.record(chart); // only with NNLAB_CHART_AUDIT set: what the chart looks like, for the tests
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            ChartAudit.record(chart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
