import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.PerStep;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.optim.Adam;
import org.nnlab.rnn.GruCell;
import org.nnlab.rnn.LastHidden;
import org.nnlab.rnn.LstmCell;
import org.nnlab.rnn.Recurrent;
import org.nnlab.tensor.NativeGarbage;

/**
 * The nnlab side of bench/rnn.py: trains the three benchmark recurrent networks with the library, as a
 * notebook would (zeroGrad, forward, loss, backward, Adam step), and prints one {@code RESULT {json}} line
 * per task. The PyTorch side is bench/rnn_torch.py; both read the same data and initial weights written
 * by rnn.py (raw little-endian float32 files).
 *
 * <pre>
 * java -cp "kernel/target/dist/lib/*" bench/java/RnnBench.java --data DIR [--tasks lstm,gru,charlm]
 *      [--repeats 5] [--warmup 1] [--steps 10] [--lm-steps 5] [--seconds S]
 * java -cp "kernel/target/dist/lib/*" bench/java/RnnBench.java --gemm 1024
 * </pre>
 * Sizes come from the file {@code sizes.txt} in DIR (rnn.py writes it), so a smoke test can use tiny ones.
 * After the tasks it prints {@code BLAS {json}}: the BLAS libraries this process has mapped. With
 * {@code --gemm N} it only times ND4J's {@code Nd4j.gemm} on preallocated N x N float matrices (the
 * SGEMM rate rnn.py compares the char LM's GFLOP/s with) and prints {@code GEMM {json}}.
 */
public class RnnBench {

    interface Task {
        String name();

        void reset();

        double step(int i);
    }

    static final double LR = 1e-3;
    static final int BATCHES = 4; // the data is BATCHES batches, used in turn

    public static void main(String[] args) throws IOException {
        Path data = null;
        String tasks = "lstm,gru,charlm";
        int repeats = 5;
        int warmup = 1;
        int steps = 10;
        int lmSteps = 5;
        double seconds = 0;
        int gemm = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gemm" -> gemm = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--tasks" -> tasks = args[++i];
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--lm-steps" -> lmSteps = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (gemm > 0) {
            gemm(gemm);
            return;
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required (bench/rnn.py writes it)");
        }
        int[] sizes = readSizes(data);
        List<Task> list = new ArrayList<>();
        List<Integer> stepCounts = new ArrayList<>();
        for (String t : tasks.split(",")) {
            switch (t) {
                case "lstm", "gru" -> {
                    list.add(classifier(data, t, sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]));
                    stepCounts.add(steps);
                }
                case "charlm" -> {
                    list.add(charLm(data, sizes[0], sizes[5], sizes[6], sizes[7]));
                    stepCounts.add(lmSteps);
                }
                default -> throw new IllegalArgumentException("unknown task " + t);
            }
        }
        if (seconds > 0) {
            endurance(list, stepCounts, seconds);
            return;
        }
        for (int k = 0; k < list.size(); k++) {
            Task task = list.get(k);
            int n = stepCounts.get(k);
            for (int w = 0; w < warmup; w++) {
                run(task, n);
            }
            double[] times = new double[repeats];
            double[] cpu = new double[repeats];
            double firstLoss = 0;
            double finalLoss = 0;
            for (int r = 0; r < repeats; r++) {
                task.reset();
                long start = System.nanoTime();
                long cpuStart = cpuNanos();
                double first = task.step(0);
                double last = first;
                for (int i = 1; i < n; i++) {
                    last = task.step(i);
                }
                times[r] = (System.nanoTime() - start) / 1e9;
                cpu[r] = (cpuNanos() - cpuStart) / 1e9;
                firstLoss = first;
                finalLoss = last;
            }
            System.out.printf(Locale.ROOT, "RESULT {\"side\": \"nnlab\", \"task\": \"%s\", \"steps\": %d, "
                    + "\"times\": [%s], \"cpu_times\": [%s], \"first_loss\": %.6f, \"final_loss\": %.6f, "
                    + "\"rss_mb\": %.1f}%n", task.name(), n, list(times), list(cpu), firstLoss, finalLoss, rssMb());
        }
        System.out.println("BLAS {\"libraries\": [" + blasLibraries() + "]}");
    }

    /**
     * C = A B on preallocated float N x N matrices with ND4J's gemm (BLAS sgemm): one untimed call, then the
     * best of five. 2 N^3 floating-point operations per call.
     */
    static void gemm(int n) {
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(Locale.ROOT, "GEMM {\"n\": %d, \"seconds\": %.6f, \"gflops\": %.3f, \"libraries\": [%s]}%n",
                n, best, 2.0 * n * n * n / best / 1e9, blasLibraries());
    }

    /** The BLAS shared objects this JVM loaded (Backend.blasLibraries), as a JSON list body (bench/peer.py reads them). */
    static String blasLibraries() {
        StringBuilder t = new StringBuilder();
        for (String path : org.nnlab.tensor.Backend.blasLibraries()) {
            t.append(t.length() == 0 ? "" : ", ").append('"').append(path.replace("\"", "")).append('"');
        }
        return t.toString();
    }

    static void endurance(List<Task> tasks, List<Integer> steps, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        for (int round = 0; System.nanoTime() < end; round++) {
            int k = round % tasks.size();
            double loss = run(tasks.get(k), steps.get(k));
            Runtime heap = Runtime.getRuntime();
            // the process's resident set, the Java heap in use, and the collections NativeGarbage asked for
            System.out.printf(Locale.ROOT, "ROUND %d %s %.1f s loss %.6f rss %.1f MB heap %.1f MB "
                    + "collections %d%n", round, tasks.get(k).name(), (System.nanoTime() - t0) / 1e9, loss, rssMb(),
                    (heap.totalMemory() - heap.freeMemory()) / 1048576.0, NativeGarbage.collections());
        }
    }

    static double run(Task task, int steps) {
        task.reset();
        double loss = 0;
        for (int i = 0; i < steps; i++) {
            loss = task.step(i);
        }
        return loss;
    }

    /** LSTM or GRU (PyTorch's form) over [batch, time, input], last hidden state, Linear, cross-entropy. */
    static Task classifier(Path dir, String kind, int batch, int time, int input, int hidden, int classes)
            throws IOException {
        int gates = kind.equals("lstm") ? 4 : 3;
        INDArray x = read(dir, kind + "_x", BATCHES * batch, time, input);
        float[] labels = readFloats(dir, kind + "_y", BATCHES * batch);
        List<INDArray> init = List.of(read(dir, kind + "_w_ih", gates * hidden, input),
                read(dir, kind + "_w_hh", gates * hidden, hidden), read(dir, kind + "_b_ih", gates * hidden),
                read(dir, kind + "_b_hh", gates * hidden), read(dir, kind + "_fc_w", classes, hidden),
                read(dir, kind + "_fc_b", classes));
        INDArray[] xs = new INDArray[BATCHES];
        int[][] ys = new int[BATCHES][batch];
        for (int b = 0; b < BATCHES; b++) {
            xs[b] = x.get(NDArrayIndex.interval(b * batch, (b + 1) * batch), NDArrayIndex.all(), NDArrayIndex.all()).dup();
            for (int i = 0; i < batch; i++) {
                ys[b][i] = (int) labels[b * batch + i];
            }
        }
        var cell = kind.equals("lstm")
                ? new LstmCell(init.get(0).dup(), init.get(1).dup(), init.get(2).dup(), init.get(3).dup())
                : new GruCell(init.get(0).dup(), init.get(1).dup(), init.get(2).dup(), init.get(3).dup(),
                        GruCell.Formulation.PYTORCH);
        Sequential net = new Sequential(new LastHidden(new Recurrent(cell)),
                new Linear(init.get(4).dup(), init.get(5).dup()));
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Adam[] optimizer = {new Adam(net, LR)}; // new at each reset: fresh moments
        return new Task() {
            public String name() {
                return kind;
            }

            public void reset() {
                assign(net, init);
                optimizer[0] = new Adam(net, LR);
            }

            public double step(int i) {
                int b = i % BATCHES;
                optimizer[0].zeroGrad();
                double loss = lossFn.forward(net.forward(xs[b]), ys[b]);
                net.backwardToParameters(lossFn.backward());  // as the Trainer: no dL/dx of the data
                optimizer[0].step();
                return loss;
            }
        };
    }

    /** Char-level LSTM language model: one-hot characters, LSTM, a Linear at every step, cross-entropy. */
    static Task charLm(Path dir, int batch, int time, int vocab, int hidden) throws IOException {
        float[] text = readFloats(dir, "lm_text", BATCHES * batch * (time + 1));
        List<INDArray> init = List.of(read(dir, "lm_w_ih", 4 * hidden, vocab), read(dir, "lm_w_hh", 4 * hidden, hidden),
                read(dir, "lm_b_ih", 4 * hidden), read(dir, "lm_b_hh", 4 * hidden),
                read(dir, "lm_fc_w", vocab, hidden), read(dir, "lm_fc_b", vocab));
        INDArray[] xs = new INDArray[BATCHES];
        INDArray[] ys = new INDArray[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            float[] oneHot = new float[batch * time * vocab];
            float[] next = new float[batch * time];
            for (int s = 0; s < batch; s++) {
                int base = (b * batch + s) * (time + 1);
                for (int t = 0; t < time; t++) {
                    oneHot[(s * time + t) * vocab + (int) text[base + t]] = 1;
                    next[s * time + t] = text[base + t + 1];
                }
            }
            xs[b] = Nd4j.createFromArray(oneHot).reshape(batch, time, vocab);
            ys[b] = Nd4j.createFromArray(next).reshape(batch, time);
        }
        Sequential net = new Sequential(new Recurrent(new LstmCell(init.get(0).dup(), init.get(1).dup(),
                init.get(2).dup(), init.get(3).dup())), new PerStep(new Linear(init.get(4).dup(), init.get(5).dup())));
        SequenceCrossEntropyLoss lossFn = new SequenceCrossEntropyLoss();
        Adam[] optimizer = {new Adam(net, LR)}; // new at each reset: fresh moments
        return new Task() {
            public String name() {
                return "charlm";
            }

            public void reset() {
                assign(net, init);
                optimizer[0] = new Adam(net, LR);
            }

            public double step(int i) {
                int b = i % BATCHES;
                optimizer[0].zeroGrad();
                double loss = lossFn.forward(net.forward(xs[b]), ys[b]);
                net.backwardToParameters(lossFn.backward());  // as the Trainer: no dL/dx of the data
                optimizer[0].step();
                return loss;
            }
        };
    }

    static void assign(Module model, List<INDArray> init) {
        List<Parameter> ps = model.parameters();
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).value().assign(init.get(i));
        }
    }

    static int[] readSizes(Path dir) throws IOException {
        String[] parts = Files.readString(dir.resolve("sizes.txt")).trim().split("\\s+");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = Integer.parseInt(parts[i]);
        }
        return sizes;
    }

    static INDArray read(Path dir, String name, long... shape) throws IOException {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Nd4j.createFromArray(readFloats(dir, name, (int) n)).reshape(shape);
    }

    static float[] readFloats(Path dir, String name, int n) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(name + ".f32"));
        if (bytes.length != 4L * n) {
            throw new IOException(name + ".f32 has " + bytes.length / 4 + " floats, expected " + n);
        }
        float[] values = new float[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    static String list(double[] values) {
        StringBuilder t = new StringBuilder();
        for (double s : values) {
            t.append(t.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", s));
        }
        return t.toString();
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
