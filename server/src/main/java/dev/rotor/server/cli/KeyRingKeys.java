package dev.rotor.server.cli;

import dev.rotor.server.crypto.JwtCodec;
import dev.rotor.server.crypto.KeyInfo;
import dev.rotor.server.crypto.KeyRings;
import java.util.List;

/** The key rings of the crypto package as the server ({@link dev.rotor.server.http.KeySource}) and CLI see them. */
public final class KeyRingKeys implements Backend.Keys {

    private final KeyRings rings;

    /** {@code rings} from {@link KeyRings#open}: once it has returned, every ring has its keys. */
    public KeyRingKeys(KeyRings rings) {
        this.rings = rings;
    }

    @Override
    public JwtCodec ring(String purpose) {
        return rings.ring(purpose);
    }

    @Override
    public String jwks() {
        return rings.jwks();
    }

    @Override
    public boolean loaded() {
        return true;
    }

    @Override
    public void maintain() {
        rings.maintain();
    }

    @Override
    public List<String> list() {
        return rings.list().stream().map(KeyInfo::line).toList();
    }

    @Override
    public String rotate(String purpose, boolean revokePrevious) {
        return revokePrevious ? rings.revokeAndRotate(purpose) : rings.rotate(purpose);
    }
}
