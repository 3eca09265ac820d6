package dev.rotor.server.http.dialect;

import com.nimbusds.jose.JWSAlgorithm;
import dev.rotor.server.config.DialectSettings;
import dev.rotor.server.config.Settings;
import dev.rotor.server.crypto.KeyRingConfig;
import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The registry of dialects: one line per dialect. Disabled ones are built too (they just register no routes). */
public final class Dialects {

    private Dialects() {
    }

    public static List<Dialect> all(Services services) {
        return List.of(
                new OAuth2Dialect(services),
                new GorbDialect(services),
                new SimpleJwtDialect(services),
                new KirjaswappiDialect(services),
                DuktigDialect.from(services),
                WatchrDialect.from(services));
    }

    /**
     * The key rings the dialects sign with, one line per dialect that signs JWTs. Keys are opened before the dialects
     * are built, so each dialect states its rings through a static method.
     */
    public static List<KeyRingConfig> keyRings(Settings settings) {
        List<KeyRingConfig> rings = new ArrayList<>();
        rings.addAll(OAuth2Dialect.keyRings(settings));
        rings.addAll(SimpleJwtDialect.keyRings(settings));
        rings.addAll(KirjaswappiDialect.keyRings(settings));
        rings.addAll(DuktigDialect.keyRings(settings));
        rings.addAll(WatchrDialect.keyRings(settings));
        return rings;
    }

    /**
     * An HS256 ring without {@code kid} in the header (the products these dialects copy send none): the shared secret
     * of {@code ROTOR_<D>_SIGNING_KEY} when set, so tokens of the original product keep verifying, else a generated,
     * stored key. {@code longest} is the longest lifetime of a token the ring signs.
     */
    public static KeyRingConfig hs256Ring(String purpose, DialectSettings dialect, Duration longest) {
        return dialect.signingKey() != null
                ? KeyRingConfig.sharedSecret(purpose, dialect.signingKey(), false, longest)
                : KeyRingConfig.generated(purpose, JWSAlgorithm.HS256, false, longest);
    }
}
