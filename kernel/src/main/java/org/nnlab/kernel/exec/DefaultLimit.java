package org.nnlab.kernel.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory limit every kernel has, hub or not: by default {@value #DEFAULT} of the machine's memory
 * ({@code MemTotal} in {@code /proc/meminfo}). Set at install ({@code install_kernel.py --memory-limit},
 * written to {@code jvm.args} as {@code -Dnnlab.memory.limit}) and overridden per kernel by the environment
 * variable {@code NNLAB_MEMORY_LIMIT}. A value is a share ({@code 60%}), a size ({@code 4g}, {@code 512m},
 * {@code 900000000}) or {@code none} (then only a hub's or a cgroup's limit applies). {@link MemoryGuard}
 * enforces the smallest limit that applies.
 */
final class DefaultLimit {

    /** The system property the installer writes. */
    static final String PROPERTY = "nnlab.memory.limit";
    /** The environment variable that overrides it. */
    static final String VARIABLE = "NNLAB_MEMORY_LIMIT";
    static final String DEFAULT = "75%";

    private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)b?", Pattern.CASE_INSENSITIVE);

    private DefaultLimit() {
    }

    /** The default limit in bytes: the variable, else the property, else {@value #DEFAULT}; empty for none. */
    static OptionalLong of(Map<String, String> env, String property, Path meminfo) {
        String setting = env.getOrDefault(VARIABLE, property);
        if (setting == null || setting.isBlank()) {
            setting = DEFAULT;
        }
        OptionalLong parsed = parse(setting, meminfo);
        if (parsed == null) {
            org.nnlab.kernel.KernelLog.warn("memory limit '" + setting + "' not understood (say 60%, 4g, 512m or "
                    + "none); using " + DEFAULT + " of the machine's memory");
            parsed = parse(DEFAULT, meminfo);
        }
        return parsed;
    }

    /** Bytes for a setting; empty for none (or no /proc/meminfo for a share); null if it cannot be read. */
    static OptionalLong parse(String setting, Path meminfo) {
        String text = setting.strip().toLowerCase(Locale.ROOT);
        if (text.equals("none") || text.equals("off") || text.equals("0")) {
            return OptionalLong.empty();
        }
        Matcher share = SHARE.matcher(text);
        if (share.matches()) {
            double percent = Double.parseDouble(share.group(1));
            long total = memTotal(meminfo);
            if (percent <= 0 || percent > 100) {
                return null;
            }
            return total > 0 ? OptionalLong.of((long) (total * percent / 100)) : OptionalLong.empty();
        }
        Matcher size = SIZE.matcher(text);
        if (size.matches()) {
            int shift = "kmgt".indexOf(size.group(2)) + 1;  // "" -> 0 (bytes), k -> 10, m -> 20, ...
            return OptionalLong.of((long) (Double.parseDouble(size.group(1)) * (1L << (10 * shift))));
        }
        return null;
    }

    /** The machine's memory in bytes (MemTotal, in kB in /proc/meminfo); 0 where there is none. */
    static long memTotal(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
