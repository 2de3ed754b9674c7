package org.nnlab.plot;

import java.util.Locale;
import java.util.Map;

/**
 * Text with every character's background coloured by a number, such as the activation of one hidden unit
 * of a language model while it reads the text (Karpathy's visualisation of interpretable units):
 * <pre>
 *   value -1  blue  ...  0  white  ...  +1  red        (values are clipped to [-scale, scale])
 * </pre>
 * A notebook shows it as HTML ({@link #mimeBundle()}); line breaks stay line breaks. Hovering over a
 * character shows its value.
 */
public final class ColoredText {

    private final String title;
    private final String text;
    private final double[] values;
    private final double scale;

    /**
     * {@code values[i]} colours character {@code i} of {@code text}; {@code scale} is the value shown in full
     * colour (1 for tanh and h of an LSTM; larger for its cell state c).
     */
    public ColoredText(String title, String text, double[] values, double scale) {
        if (text.length() != values.length) {
            throw new IllegalArgumentException("ColoredText needs one value per character: the text has "
                    + text.length() + " characters but there are " + values.length + " values");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the scale must be positive but was " + scale);
        }
        this.title = title;
        this.text = text;
        this.values = values.clone();
        this.scale = scale;
    }

    /** Coloured with full colour at |value| = 1. */
    public ColoredText(String title, String text, double[] values) {
        this(title, text, values, 1);
    }

    /** The HTML, for the notebook. */
    public Map<String, ?> mimeBundle() {
        return Map.of("text/html", html(), "text/plain", title + ": " + text.length() + " coloured characters");
    }

    /** A {@code <div>} with a title and one {@code <span>} per character. */
    public String html() {
        StringBuilder s = new StringBuilder();
        s.append("<div style=\"font-family: monospace; font-size: 13px; line-height: 1.5;\">");
        if (title != null && !title.isEmpty()) {
            s.append("<div style=\"font-weight: bold; margin-bottom: 4px;\">").append(escape(title)).append("</div>");
        }
        s.append("<div style=\"white-space: pre-wrap;\">");
        for (int i = 0; i < values.length; i++) {
            char c = text.charAt(i);
            String shown = c == '\n' ? "\u21b5\n" : escape(String.valueOf(c)); // show the newline as ↵, then break
            s.append("<span title=\"").append(String.format(Locale.ROOT, "%.3f", values[i]))
                    .append("\" style=\"background-color: ").append(color(values[i] / scale)).append(";\">")
                    .append(shown).append("</span>");
        }
        s.append("</div></div>");
        return s.toString();
    }

    /** White at 0, to red at +1 and to blue at -1 (clipped). */
    static String color(double v) {
        double a = Math.max(-1, Math.min(1, Double.isNaN(v) ? 0 : v));
        int fade = (int) Math.round(255 * (1 - Math.abs(a))); // the other two channels fade from 255 to 0
        return a >= 0 ? String.format(Locale.ROOT, "rgb(255,%d,%d)", fade, fade)
                : String.format(Locale.ROOT, "rgb(%d,%d,255)", fade, fade);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return "ColoredText(" + title + ", " + text.length() + " characters)";
    }
}
