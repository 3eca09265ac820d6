package dev.rotor.core.session;

import java.util.Objects;

/**
 * What the engine needs to know of a dialect: its name (stored on each session, so that a token of one dialect is
 * refused by another), its rotation policy, its lifetimes, and the size of the secrets it mints.
 *
 * @param refreshSecretBytes   bytes in a refresh secret, of which the first 6 are its issue time
 *                             ({@link dev.rotor.core.token.RefreshKey}): 32 for opaque tokens (gorb, watchr, oauth2),
 *                             16 for JWT dialects, which carry it in {@code jti} under the token's signature
 * @param opaqueAccessBytes    random bytes of an opaque access token, or 0 when the dialect signs JWT access tokens
 */
public record DialectRules(String dialect, RotationPolicy rotation, Lifetimes lifetimes, int refreshSecretBytes,
                           int opaqueAccessBytes) {

    public DialectRules {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(lifetimes, "lifetimes");
        if (refreshSecretBytes < 16 || refreshSecretBytes > 32) {
            throw new IllegalArgumentException("refresh secrets are 16 to 32 bytes");
        }
        if (opaqueAccessBytes != 0 && opaqueAccessBytes < 16) {
            throw new IllegalArgumentException("opaque access tokens need at least 16 bytes");
        }
    }

    public boolean opaqueAccess() {
        return opaqueAccessBytes > 0;
    }
}
