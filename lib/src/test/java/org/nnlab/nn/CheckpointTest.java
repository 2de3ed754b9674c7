package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.io.SafeTensors;
import org.nnlab.io.SafeTensorsFormatException;
import org.nnlab.rnn.RecurrentStack;
import org.nnlab.testing.TorchFixtures;

/**
 * Saving and loading parameters ({@link Module#save}, {@link Module#load}, {@link Module#loadStateDict}),
 * {@link Parameter#set}, and files shared with PyTorch both ways ({@code tools/make_torch_safetensors_fixtures.py}).
 */
class CheckpointTest {

    @TempDir
    Path dir;

    private static Sequential mlp() {
        return new Sequential(new Linear(4, 5), new Tanh(), new Linear(5, 3, false));
    }

    /** Every parameter of {@code b} equals (exactly) the one of the same name in {@code a}. */
    private static void assertSameParameters(Module a, Module b) {
        assertEquals(List.copyOf(a.namedParameters().keySet()), List.copyOf(b.namedParameters().keySet()));
        for (Map.Entry<String, Parameter> e : a.namedParameters().entrySet()) {
            INDArray other = b.namedParameters().get(e.getKey()).value();
            assertEquals(e.getValue().value().dataType(), other.dataType(), e.getKey());
            assertEquals(e.getValue().value(), other, e.getKey());
        }
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void anMlpComesBackExactly() {
        Nnlab.seed(1);
        Sequential saved = mlp();
        Path file = dir.resolve("mlp.safetensors");
        saved.save(file, Map.of("epoch", "7"));
        Sequential loaded = mlp(); // other random values
        assertNotEquals(saved.namedParameters().get("0.weight").value(), loaded.namedParameters().get("0.weight").value());
        INDArray kept = loaded.namedParameters().get("0.weight").value();
        loaded.load(file);
        assertSameParameters(saved, loaded);
        assertTrue(kept == loaded.namedParameters().get("0.weight").value(), "loaded in place: optimizers still see it");
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 4);
        assertEquals(saved.forward(x), loaded.forward(x));
        Map<String, String> metadata = SafeTensors.read(file).metadata();
        assertEquals("7", metadata.get("epoch"));
        assertEquals("pt", metadata.get("format"));
        assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
    }

    @Test
    void anLstmStackComesBackExactly() {
        Nnlab.seed(2);
        RecurrentStack saved = RecurrentStack.lstm(3, 4, 2, true);
        saved.to(DataType.DOUBLE);
        Path file = dir.resolve("lstm.safetensors");
        saved.save(file);
        RecurrentStack loaded = RecurrentStack.lstm(3, 4, 2, true);
        loaded.to(DataType.DOUBLE);
        loaded.load(file);
        assertEquals(16, loaded.namedParameters().size());
        assertTrue(loaded.namedParameters().containsKey("weight_hh_l1_reverse"));
        assertSameParameters(saved, loaded);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 5, 3);
        assertEquals(saved.forward(x), loaded.forward(x));
    }

    @Test
    void aStateDictKeepsTheBestParametersAside() {
        Nnlab.seed(3);
        Sequential net = mlp();
        Map<String, INDArray> best = net.stateDict();
        INDArray w = net.namedParameters().get("0.weight").value();
        assertEquals(w, best.get("0.weight"));
        w.addi(1); // training goes on and changes the parameters...
        assertNotEquals(w, best.get("0.weight"), "a copy, not the parameter itself");
        net.loadStateDict(best); // ...and the best ones are put back
        assertEquals(best.get("0.weight"), w);
    }

    // ---------------------------------------------------------------- Parameter.set

    @Test
    void settingAParameterChecksTheShape() {
        Parameter weight = new Parameter("weight", Nd4j.zeros(DataType.FLOAT, 2, 3));
        IllegalArgumentException transposed = assertThrows(IllegalArgumentException.class,
                () -> weight.set(Nd4j.ones(DataType.FLOAT, 3, 2)));
        assertEquals("parameter weight has shape [2, 3] but the array has shape [3, 2]. It looks transposed: nnlab"
                + " and PyTorch keep a weight as [out, in]; pass array.transpose() if yours is [in, out].",
                transposed.getMessage());
        Parameter bias = new Parameter("bias", Nd4j.zeros(DataType.FLOAT, 2));
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> bias.set(Nd4j.ones(DataType.FLOAT, 1)));
        assertEquals("parameter bias has shape [2] but the array has shape [1]. To set every entry to one number,"
                + " use value().assign(number).", one.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> bias.set(Nd4j.ones(DataType.FLOAT, 2, 1)));
        assertTrue(other.getMessage().endsWith("has shape [2, 1]. The shapes must be equal; nothing is broadcast or"
                + " reshaped."), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bias.set(Nd4j.createFromArray(1, 2)), "integers");
        assertEquals(0, weight.value().sumNumber().doubleValue(), "nothing set after an error");
        // the right shape: copied in, in the parameter's type (as PyTorch's copy_), same array as before
        INDArray before = weight.value();
        weight.set(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        assertTrue(before == weight.value());
        assertEquals(DataType.FLOAT, weight.value().dataType());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, weight.value().ravel().toFloatVector());
    }

    // ---------------------------------------------------------------- loading what does not fit

    private IllegalArgumentException loadError(Module into, Path file) {
        INDArray before = into.parameters().get(0).value().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> into.load(file));
        assertTrue(e.getMessage().startsWith("cannot load " + file + " into " + into + ":"), e.getMessage());
        assertTrue(e.getMessage().endsWith("No parameter was changed."), e.getMessage());
        assertEquals(before, into.parameters().get(0).value(), "no parameter was changed");
        return e;
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), "expected \"" + expected + "\" in: " + message);
    }

    @Test
    void missingAndUnexpectedNamesAreListed() {
        Path file = dir.resolve("mlp.safetensors");
        mlp().save(file);
        // a model with a bias in its last layer: 2.bias is missing from the file
        String missing = loadError(new Sequential(new Linear(4, 5), new Tanh(), new Linear(5, 3)), file).getMessage();
        assertContains("  - missing: 2.bias (parameters of the module that " + file + " has no array for)", missing);
        assertContains("same options such as bias", missing);
        // a model with one layer fewer: 2.weight is unexpected
        String unexpected = loadError(new Sequential(new Linear(4, 5), new Tanh()), file).getMessage();
        assertContains("  - unexpected: 2.weight (arrays in " + file + " that the module has no parameter for)", unexpected);
    }

    @Test
    void shapesAreCheckedAndEveryProblemIsListed() {
        Path file = dir.resolve("mlp.safetensors");
        mlp().save(file);
        String e = loadError(new Sequential(new Linear(5, 4), new Tanh(), new Linear(4, 3, false)), file).getMessage();
        assertContains("  - parameter 0.weight has shape [4, 5] but its array in " + file + " has shape [5, 4]."
                + " It looks transposed", e);
        assertContains("  - parameter 0.bias has shape [4] but its array in " + file + " has shape [5].", e);
        assertContains("  - parameter 2.weight has shape [3, 4] but its array in " + file + " has shape [3, 5].", e);
    }

    @Test
    void floatLoadsIntoDoubleButDoubleIntoFloatIsRefused() {
        Nnlab.seed(4);
        Sequential floats = mlp();
        Path floatFile = dir.resolve("float.safetensors");
        floats.save(floatFile);
        Sequential doubles = (Sequential) mlp().to(DataType.DOUBLE);
        doubles.load(floatFile); // widening is exact
        for (Map.Entry<String, Parameter> p : floats.namedParameters().entrySet()) {
            INDArray d = doubles.namedParameters().get(p.getKey()).value();
            assertEquals(DataType.DOUBLE, d.dataType());
            assertEquals(p.getValue().value().castTo(DataType.DOUBLE), d);
        }
        Path doubleFile = dir.resolve("double.safetensors");
        doubles.save(doubleFile);
        String e = loadError(mlp(), doubleFile).getMessage();
        assertContains("  - parameter 0.weight is FLOAT but " + doubleFile + " holds DOUBLE values, which would be"
                + " rounded; load into a DOUBLE model (module.to(DataType.DOUBLE) before loading), then convert it"
                + " if you want: module.to(DataType.FLOAT)", e);
    }

    @Test
    void aDamagedFileSaysSo() throws IOException {
        Path file = dir.resolve("mlp.safetensors");
        mlp().save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        Sequential net = mlp();
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> net.load(file));
        assertContains("truncated or corrupt: array '2.weight' has data_offsets", e.getMessage());
    }

    @Test
    void aStateDictIsCheckedLikeAFile() {
        Sequential net = mlp();
        Map<String, INDArray> state = new LinkedHashMap<>(net.stateDict());
        state.put("0.bias", Nd4j.zeros(DataType.FLOAT, 4));
        state.put("extra", Nd4j.zeros(DataType.FLOAT, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state));
        assertContains("cannot load the state dict into Sequential", e.getMessage());
        assertContains("unexpected: extra", e.getMessage());
        assertContains("parameter 0.bias has shape [5] but its array in the state dict has shape [4]", e.getMessage());
    }

    // ---------------------------------------------------------------- PyTorch's files, and PyTorch reading ours

    private static Path fixture(String name) {
        try {
            return Path.of(CheckpointTest.class.getResource("/fixtures/safetensors/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("fixture " + name + " is missing: run tools/make_torch_safetensors_fixtures.py", e);
        }
    }

    @Test
    void anMlpSavedByPyTorchComputesPyTorchsOutputs() {
        Sequential net = mlp();
        net.load(fixture("mlp-torch.safetensors"));
        Map<String, INDArray> io = SafeTensors.read(fixture("mlp-torch-io.safetensors")).tensors();
        TorchFixtures.assertClose("MLP from PyTorch", io.get("y"), net.forward(io.get("x")), 1e-6);
        assertEquals("pt", SafeTensors.read(fixture("mlp-torch.safetensors")).metadata().get("format"));
    }

    @Test
    void anLstmSavedByPyTorchComputesPyTorchsOutputs() {
        RecurrentStack lstm = RecurrentStack.lstm(3, 4, 2, false);
        lstm.to(DataType.DOUBLE);
        lstm.load(fixture("lstm-torch.safetensors"));
        Map<String, INDArray> io = SafeTensors.read(fixture("lstm-torch-io.safetensors")).tensors();
        TorchFixtures.assertClose("LSTM from PyTorch", io.get("y"), lstm.forward(io.get("x")), 1e-12);
    }

    /**
     * Writes an MLP and an LSTM stack with inputs and outputs into {@code target/safetensors-from-java}, for
     * {@code tools/make_torch_safetensors_fixtures.py --check-java lib/target/safetensors-from-java}, which
     * loads them into PyTorch (needs torch, so it is not run here).
     */
    @Test
    void writesFilesForPyTorchToRead() {
        Path out = Path.of("target", "safetensors-from-java");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Nnlab.seed(5);
        Sequential net = mlp();
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 4);
        net.save(out.resolve("mlp-java.safetensors"));
        SafeTensors.write(out.resolve("mlp-java-io.safetensors"), Map.of("x", x, "y", net.forward(x)), Map.of());
        RecurrentStack lstm = RecurrentStack.lstm(3, 4, 2, false);
        lstm.to(DataType.DOUBLE);
        INDArray xs = Nd4j.randn(DataType.DOUBLE, 2, 5, 3);
        lstm.save(out.resolve("lstm-java.safetensors"));
        SafeTensors.write(out.resolve("lstm-java-io.safetensors"), Map.of("x", xs, "y", lstm.forward(xs)), Map.of());
        assertEquals(8, SafeTensors.read(out.resolve("lstm-java.safetensors")).tensors().size());
    }
}
