package org.nnlab.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.io.SafeTensors;

/**
 * Saving and loading a module's parameters by name ({@link Module#save(Path)}, {@link Module#load(Path)},
 * {@link Module#loadStateDict(Map)}): the checks that make a mismatch an error that says what to do, not a
 * silently scrambled model.
 */
final class Checkpoint {

    private Checkpoint() {
    }

    /** Every parameter's value, a copy, by its name in {@link Module#namedParameters()}. */
    static Map<String, INDArray> stateDict(Module module) {
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            state.put(e.getKey(), e.getValue().value().dup());
        }
        return state;
    }

    static void save(Module module, Path file, Map<String, String> metadata) {
        Map<String, INDArray> values = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            values.put(e.getKey(), e.getValue().value());
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", "pt"); // what safetensors.torch writes: names and layouts are PyTorch's
        header.put("nnlab.module", module.toString());
        header.putAll(metadata);
        SafeTensors.write(file, values, header);
    }

    static void load(Module module, Path file) {
        copyInto(module, SafeTensors.read(file).tensors(), file.toString());
    }

    /**
     * Checks every name, shape and data type first and changes nothing if any is wrong; then copies each array
     * into its parameter. An array of a wider type (FLOAT into DOUBLE) is converted, which is exact; a narrower
     * one (DOUBLE into FLOAT) is refused, since rounding would change the model.
     */
    static void copyInto(Module module, Map<String, INDArray> arrays, String source) {
        Map<String, Parameter> params = module.namedParameters();
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : params.keySet()) {
            if (!arrays.containsKey(name)) {
                missing.add(name);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : arrays.keySet()) {
            if (!params.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty()) {
            problems.add("missing: " + String.join(", ", missing) + " (parameters of the module that " + source
                    + " has no array for)");
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected: " + String.join(", ", unexpected) + " (arrays in " + source
                    + " that the module has no parameter for)");
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            INDArray array = arrays.get(e.getKey());
            if (array == null) {
                continue;
            }
            try {
                e.getValue().checkCanTake(e.getKey(), array, "its array in " + source);
                checkDataType(e.getKey(), e.getValue().value().dataType(), array.dataType(), source);
            } catch (IllegalArgumentException problem) {
                problems.add(problem.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("cannot load " + source + " into " + module + ":");
            for (String p : problems) {
                message.append("\n  - ").append(p);
            }
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                message.append("\nThe names must be those of module.namedParameters(), which are PyTorch's (0.weight,"
                        + " weight_ih_l0, ...): build the module as the one that was saved (same layers, same order,"
                        + " same options such as bias).");
            }
            message.append("\nNo parameter was changed.");
            throw new IllegalArgumentException(message.toString());
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            e.getValue().value().assign(arrays.get(e.getKey()));
        }
    }

    /** Refuses an array that would lose precision in the parameter (DOUBLE into FLOAT). */
    private static void checkDataType(String name, DataType parameter, DataType array, String source) {
        if (parameter == array || bytes(array) < bytes(parameter)) {
            return; // equal, or widening (exact)
        }
        throw new IllegalArgumentException("parameter " + name + " is " + parameter + " but " + source + " holds "
                + array + " values, which would be rounded; load into a " + array + " model (module.to(DataType."
                + array + ") before loading), then convert it if you want: module.to(DataType." + parameter + ")");
    }

    private static int bytes(DataType type) {
        return type.width();
    }
}
