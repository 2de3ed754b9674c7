package org.nnlab.optim;

import org.nnlab.testing.TorchFixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnlab.testing.TorchFixtures.array;
import static org.nnlab.testing.TorchFixtures.assertClose;
import static org.nnlab.testing.TorchFixtures.list;
import static org.nnlab.testing.TorchFixtures.map;
import static org.nnlab.testing.TorchFixtures.number;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Parameter;

/**
 * Compares every optimizer, gradient clipping and the schedules with PyTorch's numbers from
 * {@code tools/make_torch_optim_fixtures.py} (float32 within 1e-5, float64 within 1e-9, relative to
 * max(1, |torch|)).
 */
class TorchOptimFixturesTest {

    /** The nnlab optimizer matching a fixture case. */
    private static Optimizer optimizer(String name, Map<String, Object> c, List<Parameter> params) {
        double lr = number(c, "lr", Double.NaN);
        double momentum = number(c, "momentum", 0);
        Optimizer opt = switch ((String) c.get("optimizer")) {
            case "SGD" -> new Sgd(params, lr, momentum, Boolean.TRUE.equals(c.get("nesterov")));
            case "Adagrad" -> new AdaGrad(params, lr);
            case "RMSprop" -> new RmsProp(params, lr, 0.99, 1e-8, momentum);
            case "Adadelta" -> new AdaDelta(params, lr, 0.9, 1e-6);
            case "Adam" -> new Adam(params, lr);
            case "AdamW" -> new AdamW(params, lr, number(c, "beta1", 0.9), number(c, "beta2", 0.999), 1e-8, 0.01);
            default -> throw new AssertionError(name + ": unknown optimizer " + c.get("optimizer"));
        };
        return opt.weightDecay(number(c, "weight_decay", 0)).l1(number(c, "l1", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void optimizersMatchPyTorch(String dtype) throws IOException {
        DataType type = TorchFixtures.type(dtype);
        double tol = TorchFixtures.tolerance(dtype);
        Map<String, Object> document = TorchFixtures.document("optim", dtype);
        Map<String, Object> cases = map(document.get("cases"), "cases");
        int steps = ((Double) document.get("steps")).intValue();
        // every optimizer and variant must be there: a missing case would silently test less
        for (String name : List.of("sgd", "sgd_momentum", "sgd_nesterov", "sgd_momentum_weight_decay", "sgd_l1",
                "adagrad", "adagrad_weight_decay", "rmsprop", "rmsprop_momentum", "rmsprop_weight_decay",
                "adadelta", "adadelta_weight_decay", "adam", "adam_weight_decay", "adam_l1", "adamw",
                "adamw_strong_decay")) {
            assertTrue(cases.containsKey(name), "fixture case " + name + " is missing");
        }
        for (String name : cases.keySet()) {
            Map<String, Object> c = map(cases.get(name), name);
            List<Object> paramCases = list(c.get("params"), "params");
            List<Parameter> params = new ArrayList<>();
            for (Object o : paramCases) {
                Map<String, Object> p = map(o, "param");
                params.add(new Parameter((String) p.get("name"), array(p.get("initial"), type)));
            }
            Optimizer opt = optimizer(name, c, params);
            for (int step = 0; step < steps; step++) {
                for (int k = 0; k < params.size(); k++) {
                    Map<String, Object> p = map(paramCases.get(k), "param");
                    INDArray g = array(list(p.get("grads"), "grads").get(step), type);
                    params.get(k).zeroGrad();
                    params.get(k).grad().addi(g);
                }
                opt.step();
                for (int k = 0; k < params.size(); k++) {
                    Map<String, Object> p = map(paramCases.get(k), "param");
                    INDArray expected = array(list(p.get("after"), "after").get(step), type);
                    assertClose(name + " " + dtype + " " + params.get(k).name() + " after step " + (step + 1),
                            expected, params.get(k).value(), tol);
                }
            }
            assertEquals(steps, opt.steps());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void clippingMatchesPyTorch(String dtype) throws IOException {
        DataType type = TorchFixtures.type(dtype);
        double tol = TorchFixtures.tolerance(dtype);
        Map<String, Object> clipping = map(TorchFixtures.document("optim", dtype).get("clipping"), "clipping");
        for (String name : List.of("norm_clipped", "norm_unchanged", "value")) {
            Map<String, Object> c = map(clipping.get(name), name);
            List<Object> grads = list(c.get("grads"), "grads");
            List<Object> clipped = list(c.get("clipped"), "clipped");
            List<Parameter> params = new ArrayList<>();
            for (int k = 0; k < grads.size(); k++) {
                INDArray g = array(grads.get(k), type);
                Parameter p = new Parameter("p" + k, g.ulike().assign(1));
                p.grad().assign(g);
                params.add(p);
            }
            double limit = (Double) c.get("limit");
            double norm = c.get("kind").equals("norm") ? GradClip.byNorm(params, limit) : GradClip.byValue(params, limit);
            double expectedNorm = (Double) c.get("norm");
            assertEquals(expectedNorm, norm, tol * Math.max(1, expectedNorm), name + " norm before clipping");
            for (int k = 0; k < params.size(); k++) {
                assertClose(name + " " + dtype + " gradient " + k, array(clipped.get(k), type), params.get(k).grad(), tol);
            }
        }
    }

    @Test
    void schedulesMatchPyTorch() throws IOException {
        Map<String, Object> schedules = map(TorchFixtures.document("optim", "float64").get("schedules"), "schedules");
        Map<String, Object> step = map(schedules.get("step"), "step");
        Map<String, Object> exponential = map(schedules.get("exponential"), "exponential");
        Map<String, Object> cosine = map(schedules.get("cosine"), "cosine");
        check("step", step, LearningRateSchedule.step((Double) step.get("initial"),
                ((Double) step.get("step_size")).intValue(), (Double) step.get("gamma")));
        check("exponential", exponential, LearningRateSchedule.exponential((Double) exponential.get("initial"),
                (Double) exponential.get("gamma")));
        check("cosine", cosine, LearningRateSchedule.cosine((Double) cosine.get("initial"),
                (Double) cosine.get("minimum"), ((Double) cosine.get("epochs")).intValue()));
    }

    private static void check(String name, Map<String, Object> c, LearningRateSchedule schedule) {
        List<Object> lrs = list(c.get("lr"), "lr");
        assertTrue(lrs.size() > 5, name + ": too few epochs in the fixture");
        for (int epoch = 0; epoch < lrs.size(); epoch++) {
            double expected = (Double) lrs.get(epoch);
            assertEquals(expected, schedule.lr(epoch), 1e-12, name + " at epoch " + epoch);
        }
    }
}
