package dev.rotor.core.store;

/**
 * The store could not be reached or did not answer in time. Dialects answer with their 5xx shape; the request may be
 * retried once the store is back.
 */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
