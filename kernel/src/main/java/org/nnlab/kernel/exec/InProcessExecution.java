package org.nnlab.kernel.exec;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs JShell snippets in the kernel's own JVM, on the thread that calls {@code JShell.eval}, so that a
 * cell's results are live objects the renderers can draw.
 *
 * <p>Compared to JShell's stock {@code DirectExecutionControl} it keeps the value of the last expression
 * and the exception a snippet threw (JShell itself only passes on their strings), and it marks when user
 * code runs, so an interrupt only ever disturbs user code, never the compiler.
 */
public final class InProcessExecution extends DirectExecutionControl {

    private final CellClassLoader loader;
    private volatile Thread userThread;
    private Object lastValue;
    private boolean hasValue;
    private Throwable lastThrown;

    InProcessExecution(CellClassLoader loader) {
        super(new Loader(loader));
        this.loader = loader;
    }

    /** Forgets the value and exception of the previous snippet. */
    void reset() {
        lastValue = null;
        hasValue = false;
        lastThrown = null;
    }

    /** The object the last snippet evaluated to, if it returned one. */
    Object lastValue() {
        return lastValue;
    }

    boolean hasValue() {
        return hasValue;
    }

    /** The exception or error the last snippet threw, or null. */
    Throwable lastThrown() {
        return lastThrown;
    }

    /** The thread running user code right now, or null while JShell compiles or is idle. */
    Thread userThread() {
        return userThread;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = doitMethod.invoke(null);
        lastValue = value;
        hasValue = true;
        return ""; // the kernel renders the object itself; no need to build a string for JShell
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause)
            throws RunException, InternalException {
        lastThrown = cause;
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    protected String throwConvertedOtherException(Throwable ex) throws RunException, InternalException {
        lastThrown = ex;
        return super.throwConvertedOtherException(ex);
    }

    @Override
    protected void clientCodeEnter() {
        userThread = Thread.currentThread();
    }

    @Override
    protected void clientCodeLeave() {
        userThread = null;
    }

    @Override
    public void stop() {
        // Interrupts are handled by CellRunner (StopSignal + Thread.interrupt); nothing to do here.
    }

    CellClassLoader loader() {
        return loader;
    }

    /** Hands this control to JShell. */
    ExecutionControlProvider provider() {
        InProcessExecution self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "nnlab-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /** Defines JShell's compiled classes in the {@link CellClassLoader}. */
    private static final class Loader implements LoaderDelegate {
        private final CellClassLoader loader;

        Loader(CellClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public void load(ClassBytecodes[] classes) throws ClassInstallException {
            boolean[] installed = new boolean[classes.length];
            for (ClassBytecodes cbc : classes) {
                loader.declare(cbc.name(), cbc.bytecodes());
            }
            int i = 0;
            for (ClassBytecodes cbc : classes) {
                try {
                    Class.forName(cbc.name(), false, loader);
                    installed[i++] = true;
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new ClassInstallException("Could not load " + cbc.name() + ": " + e, installed);
                }
            }
        }

        @Override
        public void classesRedefined(ClassBytecodes[] classes) {
            for (ClassBytecodes cbc : classes) {
                loader.declare(cbc.name(), cbc.bytecodes());
            }
        }

        @Override
        public void addToClasspath(String classpath) throws InternalException {
            for (String entry : classpath.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    loader.add(Path.of(entry));
                } catch (MalformedURLException e) {
                    throw new InternalException("Not a valid class path entry: " + entry);
                }
            }
        }

        @Override
        public Class<?> findClass(String name) throws ClassNotFoundException {
            return Class.forName(name, false, loader);
        }
    }
}
