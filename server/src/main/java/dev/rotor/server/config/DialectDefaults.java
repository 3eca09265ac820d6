package dev.rotor.server.config;

import java.time.Duration;

/** What a dialect uses when its {@code ROTOR_<D>_*} settings are not given (DIALECTS.md per dialect). */
public record DialectDefaults(String rotation, Duration accessTtl, Duration refreshTtl) {
}
