package org.nnlab.kernel.exec;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that runs cells, and the way to interrupt it.
 *
 * <p>Cells run on a dedicated thread with a large stack (deep recursion in a lecture example should not
 * overflow early), so the kernel's message threads stay free to answer an interrupt while a cell runs.
 *
 * <p>An interrupt raises {@link StopSignal}, which instrumented code notices at its next loop iteration or
 * method call, and interrupts the thread if it is blocked in user code (sleep, wait, I/O). On JDKs that
 * still have {@code Thread.stop} (before 20) a cell that ignores both for a second is stopped by force.
 */
public final class CellRunner {

    private static final long STACK_BYTES = 64L * 1024 * 1024;
    private static final long FORCE_STOP_AFTER_MS = 1000;

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Supplier<Thread> userCodeThread;
    private volatile boolean running;
    private volatile long cells;

    /**
     * @param userCodeThread tells which thread runs user code right now (null while compiling), so an
     *                       interrupt never lands in the compiler
     */
    public CellRunner(Supplier<Thread> userCodeThread, ClassLoader contextLoader) {
        this.userCodeThread = userCodeThread;
        this.thread = new Thread(null, this::loop, "nnlab-cell", STACK_BYTES);
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(contextLoader);
        this.thread.start();
    }

    private void loop() {
        while (true) {
            try {
                queue.take().run();
            } catch (InterruptedException stray) {
                // an interrupt that arrived after a cell ended: ignore it
            } catch (Throwable unexpected) {
                // tasks report their own failures through their futures
            }
        }
    }

    /** Runs a task on the cell thread and waits for it; exceptions of the task are rethrown. */
    public <T> T run(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(() -> {
            StopSignal.clear();
            cells++;
            running = true;
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                running = false;
                Thread.interrupted(); // clear an interrupt that arrived late
                StopSignal.lower();
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    /** True if the current cell has been asked to stop. */
    public boolean stopRequested() {
        return StopSignal.isRaised();
    }

    /** How many cells have started: tells one cell from the next. */
    public long cellNumber() {
        return cells;
    }

    /** True while a cell runs. */
    public boolean isRunning() {
        return running;
    }

    /** Asks the running cell to stop. Returns at once; the cell ends with {@link CellInterrupted}. */
    public void interrupt() {
        interrupt(null);
    }

    /** Stops the running cell for a reason of the kernel's own (memory), which the error message gives. */
    public void interrupt(String why) {
        if (!running) {
            return;
        }
        StopSignal.raise(why);
        Thread user = userCodeThread.get();
        if (user != null) {
            user.interrupt();
        }
        if (Runtime.version().feature() < 20) {
            Thread forceStop = new Thread(this::stopByForceIfStillRunning, "nnlab-force-stop");
            forceStop.setDaemon(true);
            forceStop.start();
        }
    }

    private void stopByForceIfStillRunning() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FORCE_STOP_AFTER_MS);
        while (running && StopSignal.isRaised() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
        Thread user = userCodeThread.get();
        if (running && StopSignal.isRaised() && user != null) {
            forceStop(user);
        }
    }

    /** Thread.stop exists (deprecated) up to JDK 19; called reflectively so the kernel builds on any JDK. */
    private static void forceStop(Thread thread) {
        try {
            Thread.class.getMethod("stop").invoke(thread);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            // not available on this JDK: the instrumented checks are all we have
        }
    }
}
