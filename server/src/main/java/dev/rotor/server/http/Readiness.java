package dev.rotor.server.http;

/** Whether the process can serve: the store answers and keys are loaded ({@code GET /health/ready}). */
@FunctionalInterface
public interface Readiness {

    boolean ready();
}
