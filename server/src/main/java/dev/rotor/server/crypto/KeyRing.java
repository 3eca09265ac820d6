package dev.rotor.server.crypto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one purpose (OAuth 2.0, or one dialect) as a {@link JwtCodec}: signs with the current key, verifies
 * with any key still valid, and lets the ring, never the token, choose the algorithm (RFC 8725 section 3.1).
 * Built and refreshed by {@link KeyRings}.
 */
public final class KeyRing implements JwtCodec {

    /**
     * Headers refused on input and output: key or certificate references the token could use to pick its own key
     * (RFC 7515 sections 4.1.2-4.1.6), {@code crit} (section 4.1.11: nothing here understands an extension), and
     * members that make it something other than a plain signed JWT (RFC 7797 {@code b64}, JWE {@code enc}/{@code zip}).
     */
    private static final Set<String> FORBIDDEN_HEADERS =
            Set.of("jku", "x5u", "jwk", "x5c", "crit", "b64", "enc", "zip", "epk");

    /** Strict JSON: duplicate names refused (RFC 7515 section 5.2 step 4 / RFC 7519 section 4), no trailing data. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    /** RFC 7519 NumericDate claims; 253402300799 is 9999-12-31T23:59:59Z. */
    private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyRingConfig config;
    private final Clock clock;
    private volatile Keys keys;
    private volatile Runnable unknownKid = () -> { };

    /** The ring's current keys: one signing key (null if none yet) and all keys that may verify, by kid. */
    record Keys(RingKey signing, Map<String, RingKey> byKid, List<RingKey> all) {}

    KeyRing(KeyRingConfig config, Clock clock, Keys keys) {
        this.config = config;
        this.clock = clock;
        this.keys = keys;
    }

    void install(Keys next) {
        this.keys = next;
    }

    /** What to do when a token names a kid this ring does not know: another node may have just rotated. */
    void onUnknownKid(Runnable hook) {
        this.unknownKid = hook;
    }

    Keys keys() {
        return keys;
    }

    public String purpose() {
        return config.purpose();
    }

    public KeyRingConfig config() {
        return config;
    }

    /** The kid of the current signing key. */
    public String currentKid() {
        return keys.signing().kid;
    }

    @Override
    public String sign(JOSEObjectType typ, Map<String, Object> extraHeader, JWTClaimsSet claims) {
        RingKey key = keys.signing();
        if (key == null) {
            throw new IllegalStateException("key ring " + config.purpose() + " has no signing key");
        }
        // Member order: alg, typ, kid, then the extras in the order given (e.g. duktig's cty).
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.alg.getName());
        if (typ != null) {
            header.put("typ", typ.getType());
        }
        if (config.sendKid()) {
            header.put("kid", key.kid);
        }
        if (extraHeader != null) {
            for (Map.Entry<String, Object> e : extraHeader.entrySet()) {
                String name = e.getKey();
                if (header.containsKey(name) || name.equals("alg") || name.equals("kid") || name.equals("typ")
                        || FORBIDDEN_HEADERS.contains(name)) {
                    throw new IllegalArgumentException("header member " + name + " is set by the key ring");
                }
                header.put(name, e.getValue());
            }
        }
        String input = b64(JSONObjectUtils.toJSONString(header)) + "." + b64(claims.toString());
        try {
            byte[] sig = key.sign(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(sig);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid + " failed", e);
        }
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Verification verify(String compact, JOSEObjectType expectedTyp) {
        try {
            return check(compact, expectedTyp);
        } catch (RuntimeException | JOSEException | java.io.IOException | java.text.ParseException e) {
            return Verification.refused("malformed token");
        } catch (StackOverflowError e) {
            return Verification.refused("malformed token");
        }
    }

    private Verification check(String compact, JOSEObjectType expectedTyp)
            throws JOSEException, java.io.IOException, java.text.ParseException {
        // Size before anything else, so no parser ever sees a huge input.
        if (compact == null || compact.isEmpty() || compact.length() > MAX_TOKEN_CHARS) {
            return Verification.refused("token missing or too long");
        }
        // RFC 7515 section 7.1 compact serialization: exactly three segments. This refuses JSON serialization
        // (section 7.2), five-part JWE (RFC 7516 section 7.1) and unsecured JWTs with an empty signature.
        int d1 = compact.indexOf('.');
        int d2 = d1 < 0 ? -1 : compact.indexOf('.', d1 + 1);
        if (d1 <= 0 || d2 < 0 || compact.indexOf('.', d2 + 1) >= 0 || d2 == d1 + 1 || d2 == compact.length() - 1) {
            return Verification.refused("not a compact JWS");
        }
        byte[] headerJson = Base64Url.decode(compact, 0, d1);
        if (headerJson == null || !Base64Url.canonical(compact, d1 + 1, d2)
                || !Base64Url.canonical(compact, d2 + 1, compact.length())) {
            return Verification.refused("bad base64url");
        }
        Map<String, Object> header = STRICT.readValue(headerJson, MAP);
        if (header == null) {
            return Verification.refused("header is not a JSON object");
        }
        for (String name : header.keySet()) {
            if (FORBIDDEN_HEADERS.contains(name)) {
                return Verification.refused("header " + name + " not accepted");
            }
        }
        if (!(header.get("alg") instanceof String alg)) {
            return Verification.refused("no alg");
        }
        Object typ = header.get("typ");
        if (typ != null && !(typ instanceof String)) {
            return Verification.refused("bad typ");
        }
        if (!typMatches((String) typ, expectedTyp)) {
            return Verification.refused("wrong typ");
        }
        Object kidValue = header.get("kid");
        if (kidValue != null && !(kidValue instanceof String)) {
            return Verification.refused("bad kid");
        }
        Keys current = keys;
        Instant now = clock.instant();
        byte[] input = compact.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
        String signature = compact.substring(d2 + 1);
        boolean verified = false;
        if (kidValue != null) {
            RingKey key = current.byKid().get(kidValue);
            if (key == null) {
                unknownKid.run();
                key = keys.byKid().get(kidValue);
            }
            if (key == null) {
                return Verification.refused("unknown key");
            }
            if (!alg.equals(key.alg.getName())) {
                return Verification.refused("algorithm not allowed");
            }
            verified = usable(key, alg, now) && key.verify(input, signature);
        } else {
            if (config.sendKid()) {
                return Verification.refused("no kid");
            }
            boolean algKnown = false;
            for (RingKey key : current.all()) {
                algKnown |= alg.equals(key.alg.getName());
                if (usable(key, alg, now) && key.verify(input, signature)) {
                    verified = true;
                    break;
                }
            }
            if (!algKnown) {
                return Verification.refused("algorithm not allowed");
            }
        }
        if (!verified) {
            return Verification.refused("bad signature");
        }
        // Only a token with a good signature gets its payload parsed.
        byte[] payload = Base64Url.decode(compact, d1 + 1, d2);
        Map<String, Object> claims = STRICT.readValue(payload, MAP);
        if (claims == null) {
            return Verification.refused("claims are not a JSON object");
        }
        if (!numericDatesInRange(claims)) {
            return Verification.refused("bad time claim");
        }
        return Verification.passed(JWTClaimsSet.parse(claims));
    }

    /**
     * exp, nbf and iat, when present, must be numbers from 0 to year 9999: Nimbus reads them with
     * {@code Number.longValue()}, which wraps 2^64 + t around to t and turns 1E400 into 0 (found by the hardening corpus).
     */
    private static boolean numericDatesInRange(Map<String, Object> claims) {
        for (String name : TIME_CLAIMS) {
            if (!claims.containsKey(name)) {
                continue;
            }
            if (!(claims.get(name) instanceof Number n)) {
                return false;
            }
            if (n instanceof Long || n instanceof Integer) { // what every real token has: no BigDecimal needed
                if (n.longValue() < 0 || n.longValue() > MAX_NUMERIC_DATE) {
                    return false;
                }
                continue;
            }
            if ((n instanceof Double d && !Double.isFinite(d)) || (n instanceof Float f && !Float.isFinite(f))) {
                return false;
            }
            java.math.BigDecimal value = new java.math.BigDecimal(n.toString());
            if (value.signum() < 0 || value.compareTo(java.math.BigDecimal.valueOf(MAX_NUMERIC_DATE)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The token's alg must be the key's own (RFC 8725 section 3.1): so {@code none} or HS256-with-a-public-key fail. */
    private static boolean usable(RingKey key, String alg, Instant now) {
        return alg.equals(key.alg.getName()) && key.verifiesAt(now);
    }

    /**
     * RFC 7515 section 4.1.9: typ compares case-insensitively and "application/" may be left out (RFC 9068
     * section 4 accepts "at+jwt" and "application/at+jwt"). No expectation: no typ, or "JWT".
     */
    static boolean typMatches(String typ, JOSEObjectType expected) {
        if (expected == null) {
            return typ == null || normal(typ).equals("jwt");
        }
        return typ != null && normal(typ).equals(normal(expected.getType()));
    }

    private static String normal(String typ) {
        String t = typ.toLowerCase(Locale.ROOT);
        return t.startsWith("application/") ? t.substring("application/".length()) : t;
    }

    @Override
    public String toString() {
        return "KeyRing[" + config + "]";
    }
}
