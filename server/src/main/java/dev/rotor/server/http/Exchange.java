package dev.rotor.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One request and the answer a handler builds for it. The request is complete when a handler sees it: its body has
 * been read whole (at most {@link Bodies#MAX_BODY} bytes) before any handler runs.
 */
public final class Exchange {

    private final String method;
    private final String path;
    /** Header names as the client sent them, every value of each in order. */
    private final Map<String, List<String>> requestHeaders;
    private final byte[] body;
    private final Executor loop;
    private final Executor blockingThreads;

    private int status = 200;
    private final List<String[]> responseHeaders = new ArrayList<>(4);
    private String contentType;
    private byte[] result;

    /**
     * @param loop            the connection's event-loop thread, where asynchronous handlers run and continue
     * @param blockingThreads where a {@link Handler} that may block runs instead ({@link #blocking})
     */
    public Exchange(String method, String path, Map<String, List<String>> requestHeaders, byte[] body,
                    Executor loop, Executor blockingThreads) {
        this.method = method;
        this.path = path;
        this.requestHeaders = requestHeaders;
        this.body = body;
        this.loop = loop;
        this.blockingThreads = blockingThreads;
    }

    /** The same request with nothing answered yet. */
    Exchange unanswered() {
        return new Exchange(method, path, requestHeaders, body, loop, blockingThreads);
    }

    /** The thread an {@link AsyncHandler} runs on, and the executor to continue on after waiting. */
    public Executor loop() {
        return loop;
    }

    /**
     * Runs a handler that may block (a password hash, a store call) on a thread of its own; the returned stage
     * completes on {@link #loop()} once it returned or threw.
     */
    public CompletionStage<Void> blocking(Handler handler) {
        return blocking(() -> {
            handler.handle(this);
            return null;
        });
    }

    /** Like {@link #blocking(Handler)}, for work with a result. */
    public <T> CompletionStage<T> blocking(Callable<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, blockingThreads).whenCompleteAsync((done, failure) -> { }, loop); // the outcome, handed to loop
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e); // the server is stopping
        }
    }

    /** The method, as sent (upper case for every method a route knows). */
    public String method() {
        return method;
    }

    /** The path without its query, still percent-encoded. */
    public String path() {
        return path;
    }

    /** The first value of a request header (names match case-insensitively), or null. */
    public String header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a request header, in the order sent; empty when absent. */
    public List<String> headerValues(String name) {
        for (Map.Entry<String, List<String>> e : requestHeaders.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    /** Every request header, with the names as sent. */
    public Map<String, List<String>> headers() {
        return Collections.unmodifiableMap(requestHeaders);
    }

    /** The request body (empty when there is none). */
    public byte[] body() {
        return body;
    }

    public Exchange status(int status) {
        this.status = status;
        return this;
    }

    public int status() {
        return status;
    }

    /** Sets a response header, replacing any earlier value of it. */
    public Exchange header(String name, String value) {
        responseHeaders.removeIf(h -> h[0].equalsIgnoreCase(name));
        return addHeader(name, value);
    }

    /** Adds a response header value, keeping the earlier ones (Set-Cookie, say). */
    public Exchange addHeader(String name, String value) {
        if (name.equalsIgnoreCase("Content-Type")) {
            contentType = value;
        } else {
            responseHeaders.add(new String[] {name, value});
        }
        return this;
    }

    public Exchange contentType(String type) {
        this.contentType = type;
        return this;
    }

    public String contentType() {
        return contentType;
    }

    public Exchange result(byte[] bytes) {
        this.result = bytes;
        return this;
    }

    public Exchange result(String text) {
        return result(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The body written so far, or null when none was. */
    public byte[] result() {
        return result;
    }

    /** The response headers set so far, other than Content-Type, as name and value pairs. */
    List<String[]> responseHeaders() {
        return responseHeaders;
    }

    /** A new request map: header names as sent, values in order. */
    static Map<String, List<String>> newHeaders() {
        return new LinkedHashMap<>();
    }
}
