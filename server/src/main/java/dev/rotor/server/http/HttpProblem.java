package dev.rotor.server.http;

/**
 * Stops a request with a status that the owning dialect's {@link ErrorShape} words (413 while reading a body, for
 * instance). Carries no stack trace: it is control flow, not a fault.
 */
public final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpProblem(int status) {
        super(ErrorShape.genericMessage(status), null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
