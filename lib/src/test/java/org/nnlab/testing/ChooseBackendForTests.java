package org.nnlab.testing;

import org.junit.jupiter.api.extension.Extension;
import org.nnlab.Nnlab;

/**
 * Makes every lib test run on the backend {@code NNLAB_BACKEND} asks for: JUnit loads this extension
 * (registered in META-INF/services, autodetection on in junit-platform.properties) before any test, and
 * it touches {@link Nnlab}, whose initialiser makes the choice before ND4J starts.
 */
public final class ChooseBackendForTests implements Extension {
    static {
        Nnlab.version();
    }
}
