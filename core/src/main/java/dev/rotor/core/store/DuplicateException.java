package dev.rotor.core.store;

/** An insert collided with an existing unique value (user id, username, e-mail, client id). */
public final class DuplicateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DuplicateException(String message) {
        super(message);
    }
}
