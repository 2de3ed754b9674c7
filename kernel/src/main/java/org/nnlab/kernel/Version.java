package org.nnlab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The kernel's version, from the Maven build. */
final class Version {
    static final String NNLAB = read();

    private Version() {
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/org/nnlab/kernel/kernel.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
