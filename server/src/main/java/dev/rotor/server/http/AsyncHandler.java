package dev.rotor.server.http;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Answers one request without holding a thread while it waits: runs on the connection's event-loop thread, must not
 * block there, and fills the {@link Exchange} by the time the returned stage completes. What it waits for (a store
 * unit, say) hands its result back to {@link Exchange#loop()}, where the answer is written.
 */
@FunctionalInterface
public interface AsyncHandler {

    CompletionStage<?> handle(Exchange ex) throws Exception;

    /** What a stage failed with: its dependents see it wrapped in a {@link CompletionException}. */
    static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
