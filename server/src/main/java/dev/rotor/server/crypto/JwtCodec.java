package dev.rotor.server.crypto;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Map;

/**
 * Signs and verifies the JWTs of one key ring (one dialect, or OAuth 2.0). The ring, never the token, decides the
 * algorithm (CORE.md "Keys"). Dialect code sees only this interface.
 */
public interface JwtCodec {

    /** Largest compact token accepted for verification; anything longer is refused before parsing. */
    int MAX_TOKEN_CHARS = 8 * 1024;

    /**
     * Signs {@code claims} with the ring's current signing key. The header gets {@code alg} from the key, {@code kid}
     * when the ring is configured to send it, {@code typ}, and the extra members given (e.g. duktig's {@code cty}).
     */
    String sign(JOSEObjectType typ, Map<String, Object> extraHeader, JWTClaimsSet claims);

    /**
     * Verifies a compact JWS: size cap, exactly three segments, a key of this ring (by {@code kid}, or any of its
     * keys when the token has none), the key's own algorithm, {@code typ} equal to {@code expectedTyp} (a null
     * expectation means the header must carry no typ or "JWT"), and no {@code jku}, {@code x5u}, {@code jwk},
     * {@code x5c} or {@code crit} header. It does not judge {@code exp}/{@code nbf}: dialects word that themselves.
     */
    Verification verify(String compact, JOSEObjectType expectedTyp);

    /** The claims of a token whose signature and header passed, or why it did not. */
    record Verification(JWTClaimsSet claims, String refusal) {

        public static Verification passed(JWTClaimsSet claims) {
            return new Verification(claims, null);
        }

        public static Verification refused(String why) {
            return new Verification(null, why);
        }

        public boolean ok() {
            return claims != null;
        }
    }
}
