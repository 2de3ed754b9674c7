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
 * method call, and interrupts the thread if it is blocked in user code (sleep, wait, I/O). A cell that ignores
 * both for a second (a long call inside the JDK) is stopped by force, on every JDK ({@link ThreadStopper});
 * one that still runs three seconds later is told it cannot be stopped before its call returns.
 */
public final class CellRunner {

    private static final long STACK_BYTES = 64L * 1024 * 1024;
    private static final long FORCE_STOP_AFTER_MS = 1000;
    /** After the forced stop: a cell still running then gets the message that it cannot be stopped. */
    private static final long CANNOT_STOP_AFTER_MS = 3000;

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Supplier<Thread> userCodeThread;
    private volatile boolean running;
    private volatile long cells;
    private volatile long cannotStopSaid = -1;  // the cell already told it cannot be stopped

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
        long cell = cells;
        Thread forceStop = new Thread(() -> stopByForceIfStillRunning(cell), "nnlab-force-stop");
        forceStop.setDaemon(true);
        forceStop.start();
    }

    /**
     * A second after the interrupt, a cell still running (inside JDK or native code, where no
     * {@link StopSignal#check()} was inserted) is stopped by force; if even that has not ended it a few seconds
     * later, the cell's output says so and how to get out.
     */
    private void stopByForceIfStillRunning(long cell) {
        if (waitForStop(cell, FORCE_STOP_AFTER_MS)) {
            return;
        }
        Thread user = userCodeThread.get();
        if (user == null) {
            return;
        }
        // on a thread of its own: JDK 17's StopThread waits until the cell's thread reaches a safepoint poll
        CompletableFuture<String> how = CompletableFuture.supplyAsync(() -> forceStop(user), runnable -> {
            Thread stopper = new Thread(runnable, "nnlab-stop-thread");
            stopper.setDaemon(true);
            stopper.start();
        });
        if (waitForStop(cell, CANNOT_STOP_AFTER_MS)) {
            return;
        }
        if (stillRunning(cell) && cannotStopSaid != cell) {
            cannotStopSaid = cell;
            System.err.println(cannotStop(how.getNow(null)));
        }
    }

    /** Waits up to {@code ms} for the cell to end; true if it did. */
    private boolean waitForStop(long cell, long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (stillRunning(cell) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return true;
            }
        }
        return !stillRunning(cell);
    }

    private boolean stillRunning(long cell) {
        return running && cells == cell && StopSignal.isRaised();
    }

    /**
     * Throws {@link CellInterrupted} in the thread: the JVM tool interface's StopThread ({@link ThreadStopper},
     * every JDK), else {@code Thread.stop} (up to JDK 19). Returns null, or why neither was possible.
     */
    private static String forceStop(Thread thread) {
        if (ThreadStopper.stop(thread, new CellInterrupted(StopSignal.reason()))) {
            return null;
        }
        try {
            Thread.class.getMethod("stop").invoke(thread);  // reflectively: the kernel builds on any JDK
            return null;
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            return ThreadStopper.whyNot();
        }
    }

    /** The cell's message when it cannot be stopped. */
    static String cannotStop(String why) {
        return "nnlab cannot stop this cell yet: it is inside a long call into the JDK or native code (an ND4J "
                + "operation, for instance), which the interrupt reaches only when the call returns"
                + (why == null ? "" : " (" + why + ")") + ". Wait for it to finish, or restart the kernel "
                + "(Kernel > Restart) to stop it now; a restart loses the notebook's variables.";
    }
}
