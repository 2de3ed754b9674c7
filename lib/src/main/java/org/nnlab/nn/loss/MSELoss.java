package org.nnlab.nn.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean squared error: {@code L = mean((p - y)²)}, over all entries; for regression. */
public class MSELoss extends Loss {

    private INDArray difference; // p - y, cached by forward

    @Override
    public double forward(INDArray prediction, INDArray target) {
        INDArray y = sameShape(prediction, target);
        difference = prediction.sub(y);
        return difference.mul(difference).sumNumber().doubleValue() / difference.length();
    }

    @Override
    public INDArray backward() {
        if (difference == null) {
            throw backwardBeforeForward();
        }
        // dL/dp = 2 (p - y) / N
        return difference.mul(2.0 / difference.length());
    }
}
