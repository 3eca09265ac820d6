package dev.rotor.server.http.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.server.crypto.JwtCodec;
import java.text.ParseException;
import java.util.Map;
import java.util.Objects;

/** A test-only HS256 codec standing in for the crypto package's KeyRing until it lands. */
public final class TestJwtCodec implements JwtCodec {

    private final byte[] key;

    public TestJwtCodec(byte[] key) {
        this.key = key.clone();
    }

    @Override
    public String sign(JOSEObjectType typ, Map<String, Object> extraHeader, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(typ).keyID("test")
                    .customParams(extraHeader).build(), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link JwtCodec#verify}: a null expectation accepts no typ or "JWT". */
    private static boolean typMatches(JOSEObjectType expected, JOSEObjectType actual) {
        return expected == null ? actual == null || JOSEObjectType.JWT.equals(actual) : expected.equals(actual);
    }

    @Override
    public Verification verify(String compact, JOSEObjectType expectedTyp) {
        try {
            SignedJWT jwt = SignedJWT.parse(compact);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || !typMatches(expectedTyp, jwt.getHeader().getType())) {
                return Verification.refused("header");
            }
            if (!jwt.verify(new MACVerifier(key))) {
                return Verification.refused("signature");
            }
            return Verification.passed(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException e) {
            return Verification.refused("malformed");
        }
    }
}
