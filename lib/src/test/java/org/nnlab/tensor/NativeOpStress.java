package org.nnlab.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs small ND4J operations for a number of seconds while a second thread allocates, so that garbage
 * collections start while the main thread is inside ND4J's native code (as in a Jupyter kernel, whose
 * messaging threads allocate). Prints "survived N ops on EXECUTIONER" and exits 0; with ND4J's plain
 * executioner the JVM usually dies within seconds (SIGSEGV in sd::DataBuffer::primary()).
 *
 * With the argument {@code pullRows} it gathers rows of a temporary array instead (the array factory's
 * {@code pullRows}, see {@link KeepAliveNDArrayFactory}); that loop did not reproduce the crash in 3 × 15 s
 * with ND4J's own factory (it was seen once in a test run), so it only exercises the path.
 *
 * <p>By hand: {@code java -XX:+UseSerialGC -Xms24m -cp CLASSPATH -Dopexec=... -Dndarrayfactory.class=...
 * org.nnlab.tensor.NativeOpStress 30 [pullRows]}
 */
public final class NativeOpStress {

    private static volatile Object sink;

    private NativeOpStress() {
    }

    public static void main(String[] args) {
        long seconds = Long.parseLong(args[0]);
        Thread allocator = new Thread(() -> {
            while (true) {
                sink = new byte[4096];
            }
        });
        allocator.setDaemon(true);
        allocator.start();
        boolean pullRows = args.length > 1 && args[1].equals("pullRows");
        INDArray a = Nd4j.rand(32, 48);
        INDArray bias = Nd4j.rand(48);
        int[] rows = {3, 1, 4, 1, 5, 9, 2, 6};
        long ops = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (pullRows) {
                sink = a.dup().getRows(rows);   // the source is a temporary, unused after the native call
                ops++;
            } else {
                a.addiRowVector(bias);          // a broadcast: its op owns an array of dimensions
                a.subiRowVector(bias);
                ops += 2;
            }
        }
        System.out.println("survived " + ops + " ops on " + Nd4j.getExecutioner().getClass().getSimpleName());
    }
}
