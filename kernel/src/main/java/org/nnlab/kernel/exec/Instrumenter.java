package org.nnlab.kernel.exec;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites the bytecode of cell and library classes so that a running cell can be stopped:
 * <ul>
 *   <li>a call to {@link StopSignal#check()} at the start of every method and before every backward jump
 *       (a loop's next iteration), so a busy {@code while (true) {}} notices an interrupt;</li>
 *   <li>{@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} redirected to {@link StopSignal},
 *       which throws instead of ending the kernel.</li>
 * </ul>
 * The inserted call takes nothing from and leaves nothing on the operand stack, so stack map frames stay
 * valid and no frame recomputation (which would need to load other classes) is necessary.
 */
public final class Instrumenter {

    private static final String SIGNAL = StopSignal.class.getName().replace('.', '/');

    private Instrumenter() {
    }

    /** Returns the instrumented class file, or the original bytes if ASM cannot read this class version. */
    public static byte[] instrument(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    return next == null ? null : new StopChecks(next);
                }
            }, 0);
            return writer.toByteArray();
        } catch (IllegalArgumentException unsupportedClassVersion) {
            return classFile;
        }
    }

    private static final class StopChecks extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        StopChecks(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, SIGNAL, "check", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            seen.add(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label target) {
            if (seen.contains(target)) {
                check(); // a jump back to code already seen: the end of a loop iteration
            }
            super.visitJumpInsn(opcode, target);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System")
                    && name.equals("exit") && descriptor.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SIGNAL, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && descriptor.equals("(I)V")) {
                String replacement = name.equals("exit") ? "runtimeExit" : "runtimeHalt";
                super.visitMethodInsn(Opcodes.INVOKESTATIC, SIGNAL, replacement, "(Ljava/lang/Runtime;I)V", false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }
    }
}
