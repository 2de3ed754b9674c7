package org.nnlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.nnlab.kernel.io.KernelIO;

import java.util.UUID;

/**
 * What a cell can call to show things (statically imported in every notebook):
 * <pre>
 *   String id = display(lossChart);        // shows the chart below the cell, returns its display id
 *   updateDisplay(id, lossChart);          // redraws it in place, e.g. after each epoch
 *   display(chart, "image/svg+xml");       // as SVG instead of PNG
 *   clearOutput();                         // clears the cell's output
 * </pre>
 */
public final class Notebook {

    private static volatile Renderers renderers;
    private static volatile KernelIO io;

    private Notebook() {
    }

    /** Connects these functions to the running kernel. */
    public static void attach(Renderers renderers, KernelIO io) {
        Notebook.renderers = renderers;
        Notebook.io = io;
    }

    /** Shows an object below the cell and returns the id with which {@link #updateDisplay} redraws it. */
    public static String display(Object value, String... mimeTypes) {
        String id = UUID.randomUUID().toString();
        DisplayData data = kernelRenderers().renderAs(value, mimeTypes);
        data.setDisplayId(id);
        kernelIo().flush();
        kernelIo().publish(new PublishDisplayData(data));
        return id;
    }

    /** Replaces what an earlier {@link #display} showed with a new rendering of {@code value}. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        if (id == null) {
            throw new IllegalArgumentException("updateDisplay needs the id that display(...) returned");
        }
        DisplayData data = kernelRenderers().renderAs(value, mimeTypes);
        data.setDisplayId(id);
        kernelIo().flush();
        kernelIo().publish(new PublishUpdateDisplayData(data));
    }

    /** Clears the output of the running cell; with {@code wait}, only when new output arrives. */
    public static void clearOutput(boolean wait) {
        kernelIo().flush();
        kernelIo().publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    private static Renderers kernelRenderers() {
        if (renderers == null) {
            throw new IllegalStateException("display(...) works inside a notebook running the nnlab kernel");
        }
        return renderers;
    }

    private static KernelIO kernelIo() {
        kernelRenderers();
        return io;
    }
}
