package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColoredTextTest {

    @Test
    void coloursEveryCharacterAndEscapesHtml() {
        ColoredText t = new ColoredText("unit 3", "a<\nb", new double[] {1, -1, 0, 0.5});
        String html = (String) t.mimeBundle().get("text/html");
        assertTrue(html.contains("rgb(255,0,0)"), html);   // +1: red
        assertTrue(html.contains("rgb(0,0,255)"), html);   // -1: blue
        assertTrue(html.contains("rgb(255,255,255)"), html); // 0: white
        assertTrue(html.contains("&lt;") && !html.contains("<\n"), html);
        assertEquals(4, html.split("<span title=", -1).length - 1);
        assertEquals("rgb(255,128,128)", ColoredText.color(0.5)); // half way, 255 * 0.5 rounded
        assertEquals("rgb(0,0,255)", ColoredText.color(-7));      // clipped
        assertThrows(IllegalArgumentException.class, () -> new ColoredText("x", "ab", new double[] {1}));
    }
}
