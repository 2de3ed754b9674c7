package org.nnlab.optim;

import org.nnlab.testing.Json;

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

/** Reading the optim-*.json fixtures written by tools/make_torch_optim_fixtures.py. */
final class Fixtures {

    private Fixtures() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> document(String dtype) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/optim-" + dtype + ".json")) {
            assertNotNull(in, "fixture optim-" + dtype + ".json is missing: run tools/make_torch_optim_fixtures.py");
            Map<String, Object> document = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(dtype, document.get("dtype"));
            return document;
        }
    }

    static DataType type(String dtype) {
        return dtype.equals("float32") ? DataType.FLOAT : DataType.DOUBLE;
    }

    static double tolerance(String dtype) {
        return dtype.equals("float32") ? 1e-5 : 1e-9;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertNotNull(o, "no " + what + " in the fixture");
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        assertNotNull(o, "no " + what + " in the fixture");
        return (List<Object>) o;
    }

    static double number(Map<String, Object> c, String key, double otherwise) {
        Object o = c.get(key);
        return o == null ? otherwise : (Double) o;
    }

    /** An array {"shape": [...], "data": [...]} in the given data type. */
    static INDArray array(Object o, DataType type) {
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
    static void assertClose(String what, INDArray expected, INDArray actual, double tolerance) {
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
