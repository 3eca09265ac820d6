package dev.rotor.server.http.dialect;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.server.crypto.JwtCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal HS256 {@link JwtCodec} for unit tests of the simplejwt token format (the real key rings live in the
 * crypto package): header {@code {"alg":"HS256","typ":"JWT"}}, no kid, the UTF-8 secret as key, as Django's
 * SIGNING_KEY.
 */
final class SimpleJwtTestCodec implements JwtCodec {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;

    SimpleJwtTestCodec(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String sign(JOSEObjectType typ, Map<String, Object> extraHeader, JWTClaimsSet claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", typ.getType());
        header.putAll(extraHeader);
        return signRaw(JSONObjectUtils.toJSONString(header), claims.toString());
    }

    /** Signs any header and payload text as given: for tokens Rotor would never make. */
    String signRaw(String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + B64.encodeToString(mac(input));
    }

    @Override
    public Verification verify(String compact, JOSEObjectType expectedTyp) {
        try {
            String[] parts = compact.split("\\.", -1);
            if (compact.length() > MAX_TOKEN_CHARS || parts.length != 3) {
                return Verification.refused("not a compact JWS");
            }
            Map<String, Object> header = JSONObjectUtils.parse(
                    new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
            if (!"HS256".equals(header.get("alg"))) {
                return Verification.refused("algorithm not allowed");
            }
            byte[] expected = mac(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return Verification.refused("bad signature");
            }
            return Verification.passed(JWTClaimsSet.parse(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return Verification.refused("malformed token");
        }
    }

    private byte[] mac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
