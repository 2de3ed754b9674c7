package org.nnlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reading the PyTorch reference fixtures in {@code /fixtures/KIND-DTYPE.json}, written by
 * {@code tools/make_torch_fixtures.py} (nn) and {@code tools/make_torch_optim_fixtures.py} (optim).
 */
public final class TorchFixtures {

    private TorchFixtures() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> document(String kind, String dtype) throws IOException {
        String file = kind + "-" + dtype + ".json";
        try (InputStream in = TorchFixtures.class.getResourceAsStream("/fixtures/" + file)) {
            assertNotNull(in, "fixture " + file + " is missing: run the script in tools/ that writes it");
            Map<String, Object> document = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(dtype, document.get("dtype"));
            return document;
        }
    }

    public static DataType type(String dtype) {
        return dtype.equals("float32") ? DataType.FLOAT : DataType.DOUBLE;
    }

    public static double tolerance(String dtype) {
        return dtype.equals("float32") ? 1e-5 : 1e-9;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o, String what) {
        assertNotNull(o, "no " + what + " in the fixture");
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o, String what) {
        assertNotNull(o, "no " + what + " in the fixture");
        return (List<Object>) o;
    }

    public static double number(Map<String, Object> c, String key, double otherwise) {
        Object o = c.get(key);
        return o == null ? otherwise : (Double) o;
    }

    /** An array {"shape": [...], "data": [...]} in the given data type. */
    public static INDArray array(Object o, DataType type) {
        Map<String, Object> a = map(o, "array");
        List<Object> shape = list(a.get("shape"), "shape");
        List<Object> data = list(a.get("data"), "data");
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (Double) data.get(i);
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = ((Double) shape.get(i)).longValue();
        }
        INDArray flat = Nd4j.createFromArray(values).castTo(type);
        return dims.length == 0 ? flat.reshape() : flat.reshape(dims);
    }

    /** |ours - torch| <= tolerance * max(1, |torch|) for every entry, and equal shapes. */
    public static void assertClose(String what, INDArray expected, INDArray actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dataType(), actual.dataType(), what + ": data type");
        double[] e = expected.ravel().toDoubleVector();
        double[] a = actual.ravel().toDoubleVector();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= tolerance * Math.max(1, Math.abs(e[i])))) {
                fail(what + " differs from PyTorch at entry " + i + ": torch " + e[i] + ", ours " + a[i]);
            }
        }
    }
}
