package dev.rotor.server.config;

/** A setting is unknown or has a bad value; the message names the setting and is fit to print as one line. */
public final class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
