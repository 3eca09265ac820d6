package dev.rotor.core.event;

/** Where the engine reports security events; the server logs them as structured lines and counts them. */
@FunctionalInterface
public interface SecurityEvents {

    void record(SecurityEvent event);

    SecurityEvents NONE = event -> { };
}
