package dev.rotor.core;

import java.util.Objects;

/** The result of an engine operation: a value, or the {@link Failure} that a dialect turns into its error. */
public sealed interface Outcome<T> permits Outcome.Ok, Outcome.Refused {

    /** The operation succeeded. */
    record Ok<T>(T value) implements Outcome<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The operation was refused for a reason the client may be told about in the dialect's words. */
    record Refused<T>(Failure failure) implements Outcome<T> {
        public Refused {
            Objects.requireNonNull(failure, "failure");
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> refused(Failure failure) {
        return new Refused<>(failure);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value of a successful outcome; only call after {@link #isOk()}. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("refused: " + failure());
    }

    /** The failure of a refused outcome, or null when it succeeded. */
    default Failure failure() {
        return this instanceof Refused<T> refused ? refused.failure() : null;
    }
}
