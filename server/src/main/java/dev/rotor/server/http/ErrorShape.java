package dev.rotor.server.http;


/**
 * Writes a dialect's error body for a status and a generic message (e.g. 413 "Request body too large", 500
 * "Internal server error"). Never given an exception message, a stack trace or SQL, so it cannot leak one.
 */
@FunctionalInterface
public interface ErrorShape {

    void write(Exchange ctx, int status, String genericMessage);

    /** The generic English message for a status, for shapes that have no wording of their own. */
    static String genericMessage(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error" : "Request refused";
        };
    }

    /** {@code {"error": message}}: the shape used outside every dialect's paths. */
    ErrorShape PLAIN = (ctx, status, message) -> Responses.json(ctx, status, Responses.object().put("error", message));
}
