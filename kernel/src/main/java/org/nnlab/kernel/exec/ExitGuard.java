package org.nnlab.kernel.exec;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/**
 * Refuses {@code System.exit} and {@code Runtime.halt} by every route: a method reference
 * ({@code IntConsumer q = System::exit}), reflection, a library, the JDK itself, any thread.
 *
 * <p>{@link Instrumenter} rewrites direct calls in cell code only. This class is also the kernel's Java
 * agent ({@code -javaagent:nnlab-kernel.jar} in {@code jvm.args}, {@code Premain-Class} in the jar's
 * manifest): at start (on a thread of its own, {@link #hookInBackground()}) it redefines the four methods every exit passes through, {@code Runtime.exit},
 * {@code Runtime.halt}, {@code Shutdown.exit} and {@code Shutdown.halt} (JDK 17 and 25 alike:
 * {@code System.exit} calls {@code Runtime.exit}, which calls {@code Shutdown.exit}), so that each first asks
 * a guard ({@link ExitHooks}). Code in {@code java.base} cannot name a kernel class, so the guard is an
 * {@link IntConsumer} kept under {@value #KEY} in the system properties. The kernel installs it once it
 * serves ({@link #refuseExits()}); it throws {@link ExitRefused} unless the kernel itself is exiting
 * ({@link #allowKernelExit()}, after a shutdown request) or a signal (SIGTERM, SIGINT) ends the process.
 */
public final class ExitGuard implements IntConsumer {

    /** The system property under which the redefined JDK methods find the guard. */
    static final String KEY = "nnlab.exit.guard";

    private static volatile boolean kernelExiting;
    private static volatile boolean redefined;
    private static volatile Instrumentation instrumentation;
    private static final CountDownLatch hooked = new CountDownLatch(1);

    private ExitGuard() {
    }

    /** The agent's entry point, before {@code Main.main}: only keeps the instrumentation (start-up time). */
    public static void premain(String options, Instrumentation instrumentation) {
        ExitGuard.instrumentation = instrumentation;
    }

    /**
     * Hooks the JDK's exit methods on a thread of its own, while the kernel starts (ASM takes about 0.1 s of
     * CPU); {@link #awaitHooked()} waits for it. Without the agent (the installer's recording of the start-up
     * archive) the hooks are still made, not installed, so the archive holds their classes.
     */
    public static void hookInBackground() {
        Thread thread = new Thread(() -> {
            try {
                ClassDefinition runtime = hooked(Runtime.class);
                ClassDefinition shutdown = hooked(Class.forName("java.lang.Shutdown"));
                if (instrumentation != null) {
                    // redefined from the JDK's own class files: no transformer, class loading stays as fast
                    instrumentation.redefineClasses(runtime, shutdown);
                    redefined = true;
                }
            } catch (Throwable e) {  // the kernel runs without it: only direct calls in cells are refused
                org.nnlab.kernel.KernelLog.warn("cannot guard System.exit outside cell code: " + e);
            } finally {
                hooked.countDown();
            }
        }, "nnlab-exit-guard");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until {@link #hookInBackground()} is done (before the first cell). */
    public static void awaitHooked() throws InterruptedException {
        hooked.await();
    }

    private static ClassDefinition hooked(Class<?> jdkClass) throws IOException {
        try (InputStream in = jdkClass.getResourceAsStream(jdkClass.getSimpleName() + ".class")) {
            return new ClassDefinition(jdkClass, ExitHooks.hook(in.readAllBytes()));
        }
    }

    /** From now on an exit ends the kernel only through {@link #allowKernelExit()} or a signal. */
    public static void refuseExits() {
        System.getProperties().put(KEY, new ExitGuard());
    }

    /** The kernel ends itself (shutdown or restart request): let its exit through. */
    public static void allowKernelExit() {
        kernelExiting = true;
    }

    /** True if the JDK's exit methods ask the guard (the agent ran). */
    public static boolean active() {
        return redefined;
    }

    /** Called by the redefined JDK methods with the exit status: throws to refuse the exit. */
    @Override
    public void accept(int status) {
        if (kernelExiting || isSignalHandler(Thread.currentThread())) {
            return;
        }
        throw new ExitRefused(status);
    }

    /** The JDK runs a signal's handler (SIGTERM: Shutdown.exit(143)) on a thread named "SIGTERM handler". */
    private static boolean isSignalHandler(Thread thread) {
        String name = thread.getName();
        return name.startsWith("SIG") && name.endsWith(" handler") && thread.getThreadGroup() != null
                && thread.getThreadGroup().getParent() == null;  // the system thread group
    }
}
