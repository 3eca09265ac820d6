package dev.rotor.server.http;

/**
 * Why a request body or one of its fields was refused, typed so each dialect can word it its own way. Never carries
 * a field's value (it may be a password or a token).
 */
public final class BadBody extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Kind {
        /** Not parseable JSON; {@link #detail()} has the parser's message (positions, no content). */
        MALFORMED_JSON,
        /** A JSON object with the same key twice. */
        DUPLICATE_KEY,
        /** Valid JSON but not an object; {@link #detail()} names what it was: list, str, int, float, bool, null. */
        NOT_AN_OBJECT,
        /** A form body that is not valid {@code application/x-www-form-urlencoded}. */
        MALFORMED_FORM,
        /** A form parameter given more than once (RFC 6749 §3.2: invalid_request). */
        REPEATED,
        MISSING,
        NULL,
        BLANK,
        /** Present but an array, object, number or boolean where a string is needed. */
        NOT_STRING,
        /** The body's media type is not one the endpoint reads; {@link #detail()} is the type sent. */
        UNSUPPORTED_MEDIA_TYPE
    }

    private final Kind kind;
    private final String field;
    private final String detail;

    public BadBody(Kind kind, String field, String detail) {
        super(kind + (field == null ? "" : " " + field), null, false, false);
        this.kind = kind;
        this.field = field;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The field concerned, or null for whole-body problems. */
    public String field() {
        return field;
    }

    /** Extra words for the kind (see {@link Kind}), or null. */
    public String detail() {
        return detail;
    }
}
