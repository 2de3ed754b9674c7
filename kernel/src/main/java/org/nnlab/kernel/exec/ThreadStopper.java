package org.nnlab.kernel.exec;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.Map;

/**
 * Stops a thread with an exception, on every JDK: the JVM tool interface's {@code StopThread}, the function
 * debuggers use, which JDK 20 kept when it took {@code Thread.stop} away.
 *
 * <p>It is reached through JNA, with no native code of our own: {@code JNI_GetCreatedJavaVMs} gives the
 * running JVM, its {@code GetEnv} a tool-interface environment, to which we add the one capability needed,
 * {@code can_signal_thread}. The JVM throws the exception in the thread at its next safepoint poll; in
 * JIT-compiled loops there is one every 1000 iterations ({@code -XX:+UseCountedLoopSafepoints} in
 * {@code jvm.args}), so a long JDK call such as {@code new Random(1).doubles(3_000_000_000L).sum()} stops
 * within milliseconds. Native code (an ND4J op) gets the exception when it returns to Java.
 *
 * <p>The numbers below are positions in the C function tables of {@code jni.h} and {@code jvmti.h}.
 */
final class ThreadStopper {

    private static final int JVMTI_VERSION_1_2 = 0x30010200;
    private static final int GET_ENV = 6;             // JNIInvokeInterface: reserved0..2, DestroyJavaVM, ...
    private static final int STOP_THREAD = 7 - 1;      // jvmtiInterface_1: function 7, numbered from 1
    private static final int ADD_CAPABILITIES = 142 - 1;
    private static final int CAN_SIGNAL_THREAD = 1 << 10;  // jvmtiCapabilities: the 11th bit
    private static final Map<String, Object> PASS_OBJECTS = Map.of(Library.OPTION_ALLOW_OBJECTS, Boolean.TRUE);

    private static Pointer jvmti;  // null until first used; NULL if the JVM gave none
    private static String unavailable;

    private ThreadStopper() {
    }

    /** Throws {@code exception} in {@code thread}; false (see {@link #whyNot()}) if this JVM does not allow it. */
    static synchronized boolean stop(Thread thread, Throwable exception) {
        Pointer env = environment();
        if (env == null) {
            return false;
        }
        Function stopThread = Function.getFunction(env.getPointer(0).getPointer(STOP_THREAD * (long) Pointer.SIZE));
        Object error = stopThread.invoke(Integer.class, new Object[] {env, thread, exception}, PASS_OBJECTS);
        if (!Integer.valueOf(0).equals(error)) {
            unavailable = "StopThread failed with JVM TI error " + error;
            return false;
        }
        return true;
    }

    /** Why {@link #stop} returned false. */
    static synchronized String whyNot() {
        return unavailable;
    }

    private static Pointer environment() {
        if (jvmti != null || unavailable != null) {
            return jvmti;
        }
        try {
            Memory vms = new Memory(Pointer.SIZE);
            IntByReference count = new IntByReference();
            Function created = NativeLibrary.getProcess().getFunction("JNI_GetCreatedJavaVMs");
            if (created.invokeInt(new Object[] {vms, 1, count}) != 0 || count.getValue() < 1) {
                unavailable = "no JVM found";
                return null;
            }
            Pointer vm = vms.getPointer(0);
            PointerByReference env = new PointerByReference();
            Function getEnv = Function.getFunction(vm.getPointer(0).getPointer(GET_ENV * (long) Pointer.SIZE));
            if (getEnv.invokeInt(new Object[] {vm, env, JVMTI_VERSION_1_2}) != 0) {
                unavailable = "the JVM gives no tool interface";
                return null;
            }
            Memory capabilities = new Memory(16);  // jvmtiCapabilities: 128 bits
            capabilities.clear();
            capabilities.setInt(0, CAN_SIGNAL_THREAD);
            Pointer found = env.getValue();
            Function add = Function.getFunction(found.getPointer(0).getPointer(ADD_CAPABILITIES * (long) Pointer.SIZE));
            int error = add.invokeInt(new Object[] {found, capabilities});
            if (error != 0) {
                unavailable = "the JVM refused the capability to stop threads (JVM TI error " + error + ")";
                return null;
            }
            jvmti = found;
            return jvmti;
        } catch (Throwable e) {  // JNA cannot load, no libjvm symbols (another JVM), ...
            unavailable = e.toString();
            return null;
        }
    }
}
