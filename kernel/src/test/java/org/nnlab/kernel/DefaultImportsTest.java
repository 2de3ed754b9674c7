package org.nnlab.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultImportsTest {

    @Test
    void namesThatClashWithWildcardImportsAreImportedByFullName() {
        TreeSet<String> nnlab = new TreeSet<>(List.of(
                "org.nnlab.nn.Module",       // java.lang.Module
                "org.nnlab.nn.Linear",       // no clash
                "org.nnlab.plot.Histogram",  // org.knowm.xchart.Histogram
                "org.nnlab.data.Optional")); // java.util.Optional
        assertEquals(List.of("org.nnlab.data.Optional", "org.nnlab.nn.Module", "org.nnlab.plot.Histogram"),
                DefaultImports.clashing(nnlab));
    }

    @Test
    void everyLibraryPackageIsImportedAndTheKernelIsNot(@TempDir Path classes) throws Exception {
        for (String file : List.of("org/nnlab/Nnlab.class", "org/nnlab/nn/Module.class", "org/nnlab/nn/Linear$1.class",
                "org/nnlab/nn/package-info.class", "org/nnlab/kernel/Main.class")) {
            Path path = classes.resolve(file);
            Files.createDirectories(path.getParent());
            Files.write(path, new byte[0]);
        }
        String code = DefaultImports.code(List.of(classes.toString()));
        assertTrue(code.contains("import org.nnlab.*;"));
        assertTrue(code.contains("import org.nnlab.nn.*;"));
        assertTrue(code.contains("import org.nnlab.nn.Module;"));
        assertTrue(code.contains("import static org.nnlab.kernel.display.Notebook.*;"));
        assertFalse(code.contains("import org.nnlab.kernel.*;"));
        assertFalse(code.contains("Linear$1"));
    }
}
