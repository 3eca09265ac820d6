package dev.rotor.server.http.dialect;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.server.crypto.JwtCodec;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

/**
 * A minimal HS256 {@link JwtCodec} for the kirjaswappi/duktig/watchr token tests, standing in for the key rings of
 * the crypto branch: one key, HS256 only, the same header checks the interface documents.
 */
final class WatchrHmacTestCodec implements JwtCodec {

    private final byte[] key;

    WatchrHmacTestCodec(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        if (this.key.length < 32) {
            throw new IllegalArgumentException("HS256 needs 32 key bytes");
        }
    }

    @Override
    public String sign(JOSEObjectType typ, Map<String, Object> extraHeader, JWTClaimsSet claims) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(typ);
        extraHeader.forEach((name, value) -> {
            if (name.equals("cty")) {
                header.contentType((String) value);
            } else {
                header.customParam(name, value);
            }
        });
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Verification verify(String compact, JOSEObjectType expectedTyp) {
        if (compact == null || compact.length() > MAX_TOKEN_CHARS || compact.chars().filter(c -> c == '.').count() != 2) {
            return Verification.refused("malformed");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(compact);
            JWSHeader header = jwt.getHeader();
            if (!JWSAlgorithm.HS256.equals(header.getAlgorithm()) || header.getJWKURL() != null
                    || header.getX509CertURL() != null || header.getJWK() != null || header.getX509CertChain() != null
                    || header.getCriticalParams() != null) {
                return Verification.refused("header");
            }
            JOSEObjectType typ = header.getType();
            boolean typOk = expectedTyp == null ? typ == null || JOSEObjectType.JWT.equals(typ) : expectedTyp.equals(typ);
            if (!typOk || !jwt.verify(new MACVerifier(key))) {
                return Verification.refused("signature");
            }
            return Verification.passed(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Verification.refused("malformed");
        }
    }
}
