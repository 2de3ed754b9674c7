package org.nnlab.rnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.check.FiniteDifference;
import org.nnlab.nn.Parameter;

/**
 * A finite-difference check of a cell unrolled over a few steps (DOUBLE): the loss is a fixed random
 * weighting of every h_t (and of the last c_T for the LSTM), L = Σ_t Σ r_t ⊙ h_t + Σ q ⊙ c_T; backward
 * runs step by step from the last step to the first (backpropagation through time). Returns the largest
 * relative error per checked array: every parameter, every input x_t, h_0 (and c_0).
 */
final class CellGradCheck {

    private CellGradCheck() {
    }

    static Map<String, Double> check(RecurrentCell cell, int batch, int steps, boolean withC) {
        cell.to(DataType.DOUBLE);
        Random random = new Random(42);
        List<INDArray> xs = new ArrayList<>();
        List<INDArray> weightsH = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            xs.add(random(random, batch, cell.inputSize()));
            weightsH.add(random(random, batch, cell.hiddenSize()));
        }
        INDArray h0 = random(random, batch, cell.hiddenSize());
        INDArray c0 = withC ? random(random, batch, cell.hiddenSize()) : null;
        INDArray weightC = withC ? random(random, batch, cell.hiddenSize()) : null;

        DoubleSupplier loss = () -> {
            State state = new State(h0, c0);
            double sum = 0;
            for (int t = 0; t < steps; t++) {
                Step step = cell.step(xs.get(t), state);
                state = step.state();
                sum += step.h().mul(weightsH.get(t)).sumNumber().doubleValue();
            }
            if (withC) {
                sum += state.c().mul(weightC).sumNumber().doubleValue();
            }
            return sum;
        };

        // the backward under test
        cell.zeroGrad();
        List<Step> stepsTaken = new ArrayList<>();
        State state = new State(h0, c0);
        for (int t = 0; t < steps; t++) {
            Step step = cell.step(xs.get(t), state);
            stepsTaken.add(step);
            state = step.state();
        }
        List<INDArray> dxs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            dxs.add(null);
        }
        INDArray dh = Nd4j.zeros(DataType.DOUBLE, batch, cell.hiddenSize());
        INDArray dc = withC ? weightC.dup() : null;
        for (int t = steps - 1; t >= 0; t--) {
            dh = dh.add(weightsH.get(t));                       // the loss's own gradient at step t
            StepGradients g = cell.backwardStep(stepsTaken.get(t), dh, dc);
            dxs.set(t, g.input());
            dh = g.h();
            dc = g.c();
        }

        Map<String, Double> errors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : cell.namedParameters().entrySet()) {
            errors.put(p.getKey(), maxError(p.getValue().value(), p.getValue().grad(), loss));
        }
        for (int t = 0; t < steps; t++) {
            errors.put("x_" + (t + 1), maxError(xs.get(t), dxs.get(t), loss));
        }
        errors.put("h_0", maxError(h0, dh, loss));
        if (withC) {
            errors.put("c_0", maxError(c0, dc, loss));
        }
        return errors;
    }

    private static double maxError(INDArray theta, INDArray backward, DoubleSupplier loss) {
        double h = FiniteDifference.STEP;
        double worst = 0;
        for (long i = 0; i < theta.length(); i++) {
            double original = theta.getDouble(i);
            theta.putScalar(i, original + h);
            double plus = loss.getAsDouble();
            theta.putScalar(i, original - h);
            double minus = loss.getAsDouble();
            theta.putScalar(i, original);
            double numerical = (plus - minus) / (2 * h);
            double analytic = backward.getDouble(i);
            double scale = Math.max(1e-8, Math.max(Math.abs(analytic), Math.abs(numerical)));
            double error = Math.abs(analytic - numerical) / scale;
            worst = Math.max(worst, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error);
        }
        return worst;
    }

    private static INDArray random(Random random, int rows, int columns) {
        INDArray a = Nd4j.create(DataType.DOUBLE, rows, columns);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, 2 * random.nextDouble() - 1);
        }
        return a;
    }
}
