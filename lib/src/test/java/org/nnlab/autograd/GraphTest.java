package org.nnlab.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GraphTest {

    /** o = tanh(x1 w1 + x2 w2 + b), after backward. */
    private static Value neuron() {
        Value x1 = new Value(2.0, "x1");
        Value x2 = new Value(0.0, "x2");
        Value w1 = new Value(-3.0, "w1");
        Value w2 = new Value(1.0, "w2");
        Value b = new Value(6.8813735870195432, "b");
        Value n = x1.mul(w1).label("x1*w1").add(x2.mul(w2).label("x2*w2")).label("x1w1+x2w2").add(b).label("n");
        Value o = n.tanh().label("o");
        o.backward();
        return o;
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document doc, String name) {
        NodeList list = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The texts of the box that shows this label: label, "data ...", "grad ...". */
    private static List<String> boxTexts(Document doc, String label) {
        for (Element g : elements(doc, "g")) {
            NodeList texts = g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
            if (texts.getLength() > 0 && texts.item(0).getTextContent().equals(label)) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < texts.getLength(); i++) {
                    out.add(texts.item(i).getTextContent());
                }
                return out;
            }
        }
        throw new AssertionError("no box for " + label);
    }

    private static double textX(Document doc, String content) {
        for (Element text : elements(doc, "text")) {
            if (text.getTextContent().equals(content)) {
                return Double.parseDouble(text.getAttribute("x"));
            }
        }
        throw new AssertionError("no text " + content);
    }

    @Test
    void svgIsWellFormedAndShowsEveryNode() throws Exception {
        Value o = neuron();
        Document doc = parse(o.graph().toSvg());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        for (Value v : o.topologicalOrder()) {
            assertEquals(List.of(v.label(), "data " + Graph.format(v.data()), "grad " + Graph.format(v.grad())),
                    boxTexts(doc, v.label()));
        }
        assertEquals(List.of("x1", "data 2.000", "grad -1.500"), boxTexts(doc, "x1"));
        assertEquals(List.of("o", "data 0.7071", "grad 1.000"), boxTexts(doc, "o"));
    }

    @Test
    void operationsAreDrawnBetweenInputsAndResults() throws Exception {
        Document doc = parse(neuron().graph().toSvg());
        // one node per operation: *, *, +, +, tanh
        List<String> ops = new ArrayList<>();
        for (Element text : elements(doc, "text")) {
            String s = text.getTextContent();
            if (s.equals("*") || s.equals("+") || s.equals("tanh")) {
                ops.add(s);
            }
        }
        ops.sort(null);
        assertEquals(List.of("*", "*", "+", "+", "tanh"), ops);
        // left to right: inputs, the operation, its result
        assertTrue(textX(doc, "x1") < textX(doc, "x1*w1"));
        assertTrue(textX(doc, "x1*w1") < textX(doc, "n"));
        assertTrue(textX(doc, "n") < textX(doc, "tanh"));
        assertTrue(textX(doc, "tanh") < textX(doc, "o"));
        // one edge per input of every operation plus one per result: 2 + 2 + 2 + 2 + 1 + 5
        assertEquals(14, elements(doc, "path").size() - 1);   // minus the arrow head's path
    }

    @Test
    void svgIsSelfContainedAndSizedToItsContent() throws Exception {
        String svg = neuron().graph().toSvg();
        assertFalse(svg.contains("<script"));
        assertFalse(svg.contains("href"));
        assertFalse(svg.contains("@import"));
        Document doc = parse(svg);
        double width = Double.parseDouble(doc.getDocumentElement().getAttribute("width"));
        double height = Double.parseDouble(doc.getDocumentElement().getAttribute("height"));
        double right = 0;
        double bottom = 0;
        for (Element rect : elements(doc, "rect")) {
            double x = Double.parseDouble(rect.getAttribute("x").isEmpty() ? "0" : rect.getAttribute("x"));
            double y = Double.parseDouble(rect.getAttribute("y").isEmpty() ? "0" : rect.getAttribute("y"));
            assertTrue(x >= 0 && y >= 0);
            right = Math.max(right, x + Double.parseDouble(rect.getAttribute("width")));
            bottom = Math.max(bottom, y + Double.parseDouble(rect.getAttribute("height")));
        }
        assertEquals(width, right);    // the background fills the picture ...
        assertEquals(height, bottom);
        assertTrue(width < 1600 && height < 400, width + " x " + height);   // ... and the picture is not padded
    }

    @Test
    void thirtyNodesStayReadable() throws Exception {
        // a neuron with 6 inputs: 6 products, 5 sums, a bias and tanh, plus the leaves
        Value sum = new Value(0.1, "b");
        for (int i = 1; i <= 6; i++) {
            sum = sum.add(new Value(i * 0.1, "x" + i).mul(new Value(-0.2 * i, "w" + i)));
        }
        Value o = sum.tanh().label("o");
        o.backward();
        assertTrue(o.topologicalOrder().size() >= 25);
        Document doc = parse(o.graph().toSvg());
        double width = Double.parseDouble(doc.getDocumentElement().getAttribute("width"));
        double height = Double.parseDouble(doc.getDocumentElement().getAttribute("height"));
        assertTrue(width < 3000 && height < 1000, width + " x " + height);
        for (Value v : o.topologicalOrder()) {
            if (!v.label().isEmpty()) {
                assertEquals("grad " + Graph.format(v.grad()), boxTexts(doc, v.label()).get(2));
            }
        }
        // no two value boxes overlap
        List<double[]> boxes = new ArrayList<>();
        for (Element rect : elements(doc, "rect")) {
            if (rect.getAttribute("fill").equals("#e8f0fe")) {
                boxes.add(new double[] {
                        Double.parseDouble(rect.getAttribute("x")), Double.parseDouble(rect.getAttribute("y")),
                        Double.parseDouble(rect.getAttribute("width")), Double.parseDouble(rect.getAttribute("height"))});
            }
        }
        assertEquals(o.topologicalOrder().size(), boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                double[] a = boxes.get(i);
                double[] b = boxes.get(j);
                boolean apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1];
                assertTrue(apart, "boxes " + i + " and " + j + " overlap");
            }
        }
    }

    @Test
    void mimeBundleHasSvgAndText() {
        Value o = neuron();
        Graph graph = o.graph();
        Map<String, String> bundle = graph.mimeBundle();
        assertEquals(graph.toSvg(), bundle.get("image/svg+xml"));
        String text = bundle.get("text/plain");
        assertTrue(text.startsWith("computation graph of o: 10 values, 5 operations"), text);
        assertTrue(text.contains("x1 = 2.000   grad -1.500"), text);
        assertTrue(text.contains("o = tanh(n) = 0.7071   grad 1.000"), text);
        assertEquals(text, graph.toString());
    }

    @Test
    void unlabelledNodesAndSpecialCharacters() throws Exception {
        Value a = new Value(1.5, "a<b & \"c\"");
        Value out = a.mul(2.0).exp();
        out.backward();
        Document doc = parse(out.graph().toSvg());
        assertEquals(List.of("a<b & \"c\"", "data 1.500", "grad 40.17"), boxTexts(doc, "a<b & \"c\""));
        List<String> texts = new ArrayList<>();
        for (Element text : elements(doc, "text")) {
            texts.add(text.getTextContent());
        }
        assertTrue(texts.contains("data 2.000"), texts.toString());           // the constant 2
        assertTrue(texts.contains("data " + Graph.format(Math.exp(3))), texts.toString());
        assertTrue(out.graph().toString().contains("#4 = exp(#3) = 20.09"), out.graph().toString());
    }

    @Test
    void thePictureIsTakenWhenTheGraphIsMade() throws Exception {
        Value x = new Value(3, "x");
        Value y = x.pow(2).label("y");
        Graph before = y.graph();
        y.backward();
        Graph after = y.graph();
        assertEquals("grad 0.000", boxTexts(parse(before.toSvg()), "x").get(2));
        assertEquals("grad 6.000", boxTexts(parse(after.toSvg()), "x").get(2));
        assertEquals(y, after.root());
    }

    @Test
    void singleValue() throws Exception {
        Document doc = parse(new Value(-2, "x").graph().toSvg());
        assertEquals(List.of("x", "data -2.000", "grad 0.000"), boxTexts(doc, "x"));
    }

    @Test
    void tooLargeToDraw() {
        Value v = new Value(1, "x");
        for (int i = 0; i < Graph.MAX_VALUES; i++) {
            v = v.neg();
        }
        Value last = v;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, last::graph);
        assertEquals("the graph of 1 has 2001 values; drawing is meant for small graphs (at most 2000)",
                e.getMessage());
    }

    @Test
    void fourSignificantDigits() {
        assertEquals("2.000", Graph.format(2));
        assertEquals("-0.7071", Graph.format(-Math.sqrt(0.5)));
        assertEquals("1235", Graph.format(1234.56));
        assertEquals("1.235e+04", Graph.format(12345.6));
        assertEquals("1.000e-05", Graph.format(1e-5));
        assertEquals("0.000", Graph.format(0));
        assertEquals("0.000", Graph.format(-0.0));
    }
}
