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
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.ReLU;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.Sigmoid;
import org.nnlab.nn.Tanh;
import org.nnlab.nn.loss.BCELoss;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.Sgd;

/**
 * The nnlab side of bench/mlp.py: trains the two benchmark MLPs with the library, exactly as a notebook
 * would (zeroGrad, forward, loss, backward, step), and prints one {@code RESULT {json}} line per task.
 * The PyTorch side is bench/mlp_torch.py; both read the same data and initial weights written by mlp.py
 * (raw little-endian float32 files), so they train the same models from the same start.
 *
 * <pre>
 * java -cp "kernel/target/dist/lib/*" bench/java/MlpBench.java --data DIR [--tasks moons,mnist]
 *      [--repeats 5] [--warmup 1] [--moons-steps 1000] [--mnist-steps 200] [--seconds S]
 * </pre>
 * With {@code --seconds S} it trains the tasks in turn for S seconds (for the memory run) and prints a
 * {@code ROUND} line after each task run instead of timing repeats. After the tasks it prints
 * {@code BLAS {json}}: the BLAS libraries this process has mapped.
 */
public class MlpBench {

    /** One training task: reset to the initial weights, then steps. */
    interface Task {
        String name();

        void reset();

        double step(int i);
    }

    static final double MOONS_LR = 0.1;
    static final double MNIST_LR = 0.01;
    static final int MNIST_BATCH = 64;

    public static void main(String[] args) throws IOException {
        Path data = null;
        String tasks = "moons,mnist";
        int repeats = 5;
        int warmup = 1;
        int moonsSteps = 1000;
        int mnistSteps = 200;
        double seconds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--tasks" -> tasks = args[++i];
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--moons-steps" -> moonsSteps = Integer.parseInt(args[++i]);
                case "--mnist-steps" -> mnistSteps = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required (bench/mlp.py writes it)");
        }
        List<Task> list = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        for (String t : tasks.split(",")) {
            if (t.equals("moons")) {
                list.add(moons(data));
                steps.add(moonsSteps);
            } else if (t.equals("mnist")) {
                list.add(mnist(data));
                steps.add(mnistSteps);
            } else {
                throw new IllegalArgumentException("unknown task " + t);
            }
        }
        if (seconds > 0) {
            endurance(list, steps, seconds);
            return;
        }
        for (int k = 0; k < list.size(); k++) {
            Task task = list.get(k);
            int n = steps.get(k);
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

    /** The BLAS shared objects this JVM loaded (Backend.blasLibraries), as a JSON list body (bench/peer.py reads them). */
    static String blasLibraries() {
        StringBuilder t = new StringBuilder();
        for (String path : org.nnlab.tensor.Backend.blasLibraries()) {
            t.append(t.length() == 0 ? "" : ", ").append('"').append(path.replace("\"", "")).append('"');
        }
        return t.toString();
    }

    /** Trains the tasks in turn until the time is up; one ROUND line per task run. */
    static void endurance(List<Task> tasks, List<Integer> steps, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        for (int round = 0; System.nanoTime() < end; round++) {
            int k = round % tasks.size();
            double loss = run(tasks.get(k), steps.get(k));
            System.out.printf(Locale.ROOT, "ROUND %d %s %.1f s loss %.6f rss %.1f MB%n", round, tasks.get(k).name(),
                    (System.nanoTime() - t0) / 1e9, loss, rssMb());
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

    /** 2-16-16-1 with tanh, a sigmoid output and binary cross-entropy; full batch of 200 moons points. */
    static Task moons(Path dir) throws IOException {
        INDArray x = read(dir, "moons_x", 200, 2);
        INDArray y = read(dir, "moons_y", 200, 1);
        List<INDArray> init = List.of(read(dir, "moons_w1", 16, 2), read(dir, "moons_b1", 16),
                read(dir, "moons_w2", 16, 16), read(dir, "moons_b2", 16),
                read(dir, "moons_w3", 1, 16), read(dir, "moons_b3", 1));
        Sequential net = new Sequential(new Linear(init.get(0).dup(), init.get(1).dup()), new Tanh(),
                new Linear(init.get(2).dup(), init.get(3).dup()), new Tanh(),
                new Linear(init.get(4).dup(), init.get(5).dup()), new Sigmoid());
        BCELoss lossFn = new BCELoss();
        Sgd optimizer = new Sgd(net, MOONS_LR);
        return new Task() {
            public String name() {
                return "moons";
            }

            public void reset() {
                assign(net, init);
            }

            public double step(int i) {
                optimizer.zeroGrad();
                double loss = lossFn.forward(net.forward(x), y);
                net.backwardToParameters(lossFn.backward());  // as the Trainer: no dL/dx of the data
                optimizer.step();
                return loss;
            }
        };
    }

    /** 784-256-10 with ReLU and softmax cross-entropy; batches of 64 from 1024 fixed random examples. */
    static Task mnist(Path dir) throws IOException {
        INDArray x = read(dir, "mnist_x", 1024, 784);
        float[] labels = readFloats(dir, "mnist_y", 1024);
        List<INDArray> init = List.of(read(dir, "mnist_w1", 256, 784), read(dir, "mnist_b1", 256),
                read(dir, "mnist_w2", 10, 256), read(dir, "mnist_b2", 10));
        int batches = 1024 / MNIST_BATCH;
        INDArray[] xs = new INDArray[batches];
        int[][] ys = new int[batches][MNIST_BATCH];
        for (int b = 0; b < batches; b++) {
            xs[b] = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b * MNIST_BATCH, (b + 1) * MNIST_BATCH),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            for (int i = 0; i < MNIST_BATCH; i++) {
                ys[b][i] = (int) labels[b * MNIST_BATCH + i];
            }
        }
        Sequential net = new Sequential(new Linear(init.get(0).dup(), init.get(1).dup()), new ReLU(),
                new Linear(init.get(2).dup(), init.get(3).dup()));
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        Sgd optimizer = new Sgd(net, MNIST_LR);
        return new Task() {
            public String name() {
                return "mnist";
            }

            public void reset() {
                assign(net, init);
            }

            public double step(int i) {
                int b = i % batches;
                optimizer.zeroGrad();
                double loss = lossFn.forward(net.forward(xs[b]), ys[b]);
                net.backwardToParameters(lossFn.backward());  // as the Trainer: no dL/dx of the data
                optimizer.step();
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

    /** CPU time of this process (all threads), nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Resident memory of this process (Linux /proc), MiB; -1 elsewhere. */
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
