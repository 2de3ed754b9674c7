package org.nnlab.kernel.magic;

/** A magic command that cannot do what it was asked, with a message that says why and what to do. */
public final class MagicException extends Exception {
    public MagicException(String message) {
        super(message, null, false, false);
    }
}
