package org.nnlab.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.testing.TorchFixtures;

/**
 * The negative-sampling loss and its gradients against PyTorch (logsigmoid + autograd), from
 * {@code tools/make_torch_word2vec_fixtures.py}. NegativeSampling computes in double; the float32 inputs
 * are exact as doubles, so the comparison there is at float32's tolerance.
 */
class TorchWord2VecFixturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void lossAndGradientsMatchPyTorch(String dtype) throws Exception {
        Map<String, Object> cases = TorchFixtures.map(TorchFixtures.document("word2vec", dtype).get("cases"), "cases");
        double tolerance = TorchFixtures.tolerance(dtype);
        assertEquals(4, cases.size());
        for (Map.Entry<String, Object> entry : cases.entrySet()) {
            String name = entry.getKey();
            Map<String, Object> c = TorchFixtures.map(entry.getValue(), name);
            double[] v = TorchFixtures.array(c.get("center"), DataType.DOUBLE).toDoubleVector();
            double[] uo = TorchFixtures.array(c.get("context"), DataType.DOUBLE).toDoubleVector();
            double[][] neg = TorchFixtures.array(c.get("negatives"), DataType.DOUBLE).toDoubleMatrix();
            double expectedLoss = TorchFixtures.array(c.get("loss"), DataType.DOUBLE).getDouble(0);
            assertEquals(expectedLoss, NegativeSampling.loss(v, uo, neg), tolerance * Math.max(1, Math.abs(expectedLoss)),
                    name + ": loss");
            NegativeSampling.Gradients g = NegativeSampling.gradients(v, uo, neg);
            TorchFixtures.assertClose(name + ": dL/dv", TorchFixtures.array(c.get("grad_center"), DataType.DOUBLE),
                    Nd4j.createFromArray(g.center()), tolerance);
            TorchFixtures.assertClose(name + ": dL/du_o", TorchFixtures.array(c.get("grad_context"), DataType.DOUBLE),
                    Nd4j.createFromArray(g.context()), tolerance);
            INDArray expectedNeg = TorchFixtures.array(c.get("grad_negatives"), DataType.DOUBLE);
            TorchFixtures.assertClose(name + ": dL/du_k", expectedNeg, Nd4j.createFromArray(g.negatives()), tolerance);
        }
    }
}
