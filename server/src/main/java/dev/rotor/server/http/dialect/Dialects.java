package dev.rotor.server.http.dialect;

import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.Services;
import java.util.List;

/** The registry of dialects: one line per dialect. Disabled ones are built too (they just register no routes). */
public final class Dialects {

    private Dialects() {
    }

    public static List<Dialect> all(Services services) {
        return List.of(
                new OAuth2Dialect(services));
    }
}
