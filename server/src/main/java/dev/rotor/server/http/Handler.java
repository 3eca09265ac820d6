package dev.rotor.server.http;

/** Answers one request: reads what it needs from the {@link Exchange} and sets its status, headers and body. */
@FunctionalInterface
public interface Handler {

    void handle(Exchange ex) throws Exception;
}
