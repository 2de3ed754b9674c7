package org.nnlab.rnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;

/**
 * Measures libnd4j's fused LSTM ops against {@link Recurrent} on one LSTM layer: forward + backward (BPTT
 * from a gradient on every output), milliseconds per call and the process's RSS, first for the layer, then
 * for the fused forward alone, then for the fused forward and backward. By hand, from the repository (one thread, as the benchmarks):
 * <pre>
 * ./mvnw -q -o -pl lib test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=1 java -XX:+UseSerialGC -Xms24m -Dopexec=org.nnlab.tensor.KeepAliveOpExecutioner \
 *     -cp "$(cat /tmp/cp.txt):lib/target/classes:lib/target/test-classes" org.nnlab.rnn.Nd4jLstmLayerProbe \
 *     [batch time input hidden seconds]
 * </pre>
 */
public final class Nd4jLstmLayerProbe {

    private Nd4jLstmLayerProbe() {
    }

    public static void main(String[] args) throws IOException {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int time = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int input = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int hidden = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        double seconds = args.length > 4 ? Double.parseDouble(args[4]) : 30;
        Nnlab.seed(1);
        LstmCell cell = new LstmCell(input, hidden);
        Recurrent layer = new Recurrent(cell);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, time, input).subi(0.5);
        INDArray gradOut = Nd4j.rand(DataType.FLOAT, batch, time, hidden).subi(0.5);
        System.out.printf(Locale.ROOT, "LSTM layer forward + backward, batch %d, length %d, input %d, hidden %d, "
                + "%.0f s each%n", batch, time, input, hidden, seconds);
        run("Recurrent (step by step)", seconds, () -> {
            cell.zeroGrad();
            layer.forward(x);
            layer.backward(gradOut);
        });
        run("fused lstmLayer (forward only)", seconds, () -> Nd4jLstmLayer.forward(x, Nd4jLstmLayer.Weights.of(cell), null, null, null));
        run("fused lstmLayer + lstmLayer_bp", seconds, () -> {
            Nd4jLstmLayer.Weights w = Nd4jLstmLayer.Weights.of(cell);
            Nd4jLstmLayer.forward(x, w, null, null, null);
            Nd4jLstmLayer.backward(x, w, null, null, null, gradOut, null);
        });
    }

    private static void run(String name, double seconds, Runnable call) throws IOException {
        for (int i = 0; i < 3; i++) {
            call.run(); // warm-up
        }
        double rssStart = rssMb();
        double[] times = new double[100_000];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && n < times.length) {
            long start = System.nanoTime();
            call.run();
            times[n++] = (System.nanoTime() - start) / 1e6;
        }
        double[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-32s %6.1f ms per call (median of %d), RSS %.0f -> %.0f MB%n", name,
                sorted[n / 2], n, rssStart, rssMb());
    }

    private static double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return Double.NaN;
    }
}
