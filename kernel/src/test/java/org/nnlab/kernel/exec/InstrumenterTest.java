package org.nnlab.kernel.exec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumenterTest {

    @AfterEach
    void lower() {
        StopSignal.clear();
    }

    /** Compiles one class and loads it through a CellClassLoader (which instruments it). */
    private static Class<?> compileAndLoad(String name, String source) throws Exception {
        Path dir = Files.createTempDirectory("instr");
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", dir.toString(), file.toString()));
        CellClassLoader loader = new CellClassLoader(InstrumenterTest.class.getClassLoader(), "");
        loader.add(dir);
        return Class.forName(name, true, loader);
    }

    @Test
    void aBusyLoopStopsWhenTheSignalIsRaised() throws Exception {
        Class<?> spin = compileAndLoad("Spin", "public class Spin { public static long run() { long n = 0; while (true) { n++; } } }");
        Method run = spin.getMethod("run");
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                run.invoke(null);
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            } catch (IllegalAccessException e) {
                return e;
            }
        });
        Thread.sleep(200);
        assertTrue(!outcome.isDone(), "the loop should still be running");
        StopSignal.raise(null);
        assertInstanceOf(CellInterrupted.class, outcome.get(2, TimeUnit.SECONDS));
    }

    @Test
    void systemExitIsRefusedInsteadOfEndingTheJvm() throws Exception {
        Class<?> quitter = compileAndLoad("Quitter", "public class Quitter { public static void quit() { System.exit(3); } "
                + "public static void halt() { Runtime.getRuntime().halt(4); } }");
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> quitter.getMethod("quit").invoke(null));
        assertInstanceOf(ExitRefused.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("System.exit(3)"));
        e = assertThrows(InvocationTargetException.class, () -> quitter.getMethod("halt").invoke(null));
        assertInstanceOf(ExitRefused.class, e.getCause());
    }

    @Test
    void instrumentedCodeStillComputesTheSameResults() throws Exception {
        Class<?> math = compileAndLoad("Sums", "public class Sums { public static long sum(int n) { long s = 0; "
                + "for (int i = 1; i <= n; i++) { if (i % 2 == 0) continue; s += i; } return s; } }");
        assertEquals(2500L, math.getMethod("sum", int.class).invoke(null, 100));
    }
}
