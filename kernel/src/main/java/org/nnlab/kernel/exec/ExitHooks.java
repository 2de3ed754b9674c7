package org.nnlab.kernel.exec;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.Set;

/**
 * The bytecode {@link ExitGuard} puts at the start of {@code Runtime.exit(int)}, {@code Runtime.halt(int)},
 * {@code Shutdown.exit(int)} and {@code Shutdown.halt(int)}; in Java:
 * <pre>
 *   Object guard = System.getProperties().get("nnlab.exit.guard");
 *   if (guard instanceof IntConsumer) ((IntConsumer) guard).accept(status);  // throws to refuse
 * </pre>
 * Only JDK types appear, as code in {@code java.base} can name no kernel class. The two branch targets get
 * stack map frames of their own; the class is read with expanded frames, so the method's frames stay valid.
 */
final class ExitHooks {

    static final Set<String> TARGETS = Set.of("java/lang/Runtime", "java/lang/Shutdown");

    private ExitHooks() {
    }

    static byte[] hook(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        String owner = reader.getClassName();
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                boolean target = (name.equals("exit") || name.equals("halt")) && descriptor.equals("(I)V");
                if (!target || next == null) {
                    return next;
                }
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                return new MethodVisitor(Opcodes.ASM9, next) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        askGuard(mv, owner, isStatic);
                    }
                };
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private static void askGuard(MethodVisitor mv, String owner, boolean isStatic) {
        Object[] locals = isStatic ? new Object[] {Opcodes.INTEGER} : new Object[] {owner, Opcodes.INTEGER};
        Label notGuarded = new Label();
        Label go = new Label();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperties", "()Ljava/util/Properties;",
                false);
        mv.visitLdcInsn(ExitGuard.KEY);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Properties", "get",
                "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitInsn(Opcodes.DUP);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, "java/util/function/IntConsumer");
        mv.visitJumpInsn(Opcodes.IFEQ, notGuarded);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/util/function/IntConsumer");
        mv.visitVarInsn(Opcodes.ILOAD, isStatic ? 0 : 1);
        mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/IntConsumer", "accept", "(I)V", true);
        mv.visitJumpInsn(Opcodes.GOTO, go);
        mv.visitLabel(notGuarded);
        mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Object"});
        mv.visitInsn(Opcodes.POP);
        mv.visitLabel(go);
        mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
        mv.visitInsn(Opcodes.NOP);  // a frame the method may have at its first instruction gets an offset of its own
    }
}
