package dev.rotor.server.crypto;

import static dev.rotor.server.crypto.Tokens.b64;
import static dev.rotor.server.crypto.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.TestClock;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.core.store.memory.InMemoryStores;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    static final String SECRET = "django-insecure-simplejwt-signing-key-for-tests";
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    static final Duration DAY = Duration.ofDays(1);

    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    final InMemoryStores store = new InMemoryStores();
    final KeyEncryption enc = new KeyEncryption(new byte[32], "test");
    final KeyRings rings = KeyRings.open(store, enc, clock, List.of(
            KeyRingConfig.generated("oauth2", JWSAlgorithm.EdDSA, true, DAY),
            KeyRingConfig.generated("es", JWSAlgorithm.ES256, true, DAY),
            KeyRingConfig.generated("rs", JWSAlgorithm.RS256, true, DAY),
            KeyRingConfig.generated("hs", JWSAlgorithm.HS256, false, DAY),
            KeyRingConfig.sharedSecret("simplejwt", SECRET, false, DAY)));

    static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().subject("alice").claim("n", 1).build();
    }

    @Test
    void signThenVerifyRoundTripsForEveryAlgorithm() {
        for (String purpose : List.of("oauth2", "es", "rs", "hs", "simplejwt")) {
            KeyRing ring = rings.ring(purpose);
            String token = ring.sign(AT_JWT, Map.of(), claims());
            JwtCodec.Verification v = ring.verify(token, AT_JWT);
            assertThat(v.refusal()).as(purpose).isNull();
            assertThat(v.claims().getSubject()).isEqualTo("alice");
            // typ comparison per RFC 7515 section 4.1.9: case-insensitive, "application/" optional
            assertThat(ring.verify(token, new JOSEObjectType("application/AT+JWT")).ok()).isTrue();
        }
    }

    @Test
    void signWritesHeaderWithKidOnlyWhenConfiguredAndExtrasInOrder() throws Exception {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("cty", "JWT");
        String token = rings.ring("simplejwt").sign(JOSEObjectType.JWT, extra, claims());
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"cty\":\"JWT\"}");
        String oauth = rings.ring("oauth2").sign(AT_JWT, Map.of(), claims());
        assertThat(new String(Base64.getUrlDecoder().decode(oauth.split("\\.")[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + rings.ring("oauth2").currentKid() + "\"}");
    }

    @Test
    void verifyWhenTokenFromDjangoSimpleJwtWithSameKeyThenPasses() {
        // Made independently with Python's hmac module, as PyJWT would (sorted header keys, compact JSON).
        String token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjo0MTAyNDQ0ODAw"
                + "LCJpYXQiOjE3MDAwMDAwMDAsImp0aSI6ImExYjJjMyIsInVzZXJfaWQiOjQyfQ.kHhTCkTrZdUvPq_Ty2vqeGa4uR9y1FA9fT2NpmeeBco";
        JwtCodec.Verification v = rings.ring("simplejwt").verify(token, null);
        assertThat(v.refusal()).isNull();
        assertThat(v.claims().getClaim("user_id")).isEqualTo(42);
    }

    @Test
    void verifyWhenSignatureTamperedThenRefused() {
        for (String purpose : List.of("oauth2", "es", "rs", "hs", "simplejwt")) {
            String token = rings.ring(purpose).sign(null, Map.of(), claims());
            int i = token.lastIndexOf('.') + 2;
            char c = token.charAt(i) == 'A' ? 'B' : 'A';
            String bad = token.substring(0, i) + c + token.substring(i + 1);
            assertThat(rings.ring(purpose).verify(bad, null).ok()).as(purpose).isFalse();
        }
    }

    @Test
    void verifyWhenPayloadTamperedThenRefused() {
        String[] p = rings.ring("oauth2").sign(null, Map.of(), claims()).split("\\.");
        String forged = p[0] + "." + b64("{\"sub\":\"admin\",\"n\":1}") + "." + p[2];
        assertThat(rings.ring("oauth2").verify(forged, null).ok()).isFalse();
    }

    @Test
    void verifyWhenAlgIsNoneThenRefused() {
        for (String alg : List.of("none", "NONE", "None")) {
            String body = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"admin\"}");
            for (String purpose : List.of("oauth2", "hs", "simplejwt")) {
                assertThat(rings.ring(purpose).verify(body + ".", null).ok()).isFalse();
                assertThat(rings.ring(purpose).verify(body + ".AAAA", null).ok()).isFalse();
            }
        }
    }

    @Test
    void verifyWhenHs256SignedWithThePublicKeyThenRefused() {
        // The classic confusion attack (RFC 8725 section 2.1): HMAC keyed with the published public key.
        JWKSet published = parseJwks();
        for (String purpose : List.of("oauth2", "rs", "es")) {
            String kid = rings.ring(purpose).currentKid();
            JWK pub = published.getKeyByKeyId(kid);
            for (byte[] key : List.of(pub.toJSONString().getBytes(StandardCharsets.UTF_8),
                    publicKeyBytes(pub))) {
                String token = hs256("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}", "{\"sub\":\"admin\"}", key);
                JwtCodec.Verification v = rings.ring(purpose).verify(token, null);
                assertThat(v.ok()).isFalse();
                assertThat(v.refusal()).isEqualTo("algorithm not allowed");
            }
        }
    }

    private static byte[] publicKeyBytes(JWK jwk) {
        try {
            return jwk.getKeyType().getValue().equals("OKP")
                    ? jwk.toOctetKeyPair().getDecodedX()
                    : jwk.getKeyType().getValue().equals("RSA")
                            ? jwk.toRSAKey().toPublicKey().getEncoded()
                            : jwk.toECKey().toPublicKey().getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void verifyWhenKidUnknownOrInjectedThenRefused() {
        String[] p = rings.ring("oauth2").sign(null, Map.of(), claims()).split("\\.");
        for (String kid : List.of("nope", "../../../dev/null", "' OR 1=1 --", rings.ring("es").currentKid())) {
            String header = b64("{\"alg\":\"EdDSA\",\"kid\":\"" + kid.replace("\"", "") + "\"}");
            assertThat(rings.ring("oauth2").verify(header + "." + p[1] + "." + p[2], null).ok()).as(kid).isFalse();
        }
        String noKid = b64("{\"alg\":\"EdDSA\"}") + "." + p[1] + "." + p[2];
        assertThat(rings.ring("oauth2").verify(noKid, null).refusal()).isEqualTo("no kid");
        // a ring without kid refuses a kid it does not know
        String hs = hs256("{\"alg\":\"HS256\",\"kid\":\"x\"}", "{}", SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(rings.ring("simplejwt").verify(hs, null).ok()).isFalse();
    }

    @Test
    void verifyWhenTypWrongThenRefused() {
        KeyRing ring = rings.ring("oauth2");
        String access = ring.sign(AT_JWT, Map.of(), claims());
        assertThat(ring.verify(access, null).refusal()).isEqualTo("wrong typ");
        assertThat(ring.verify(access, new JOSEObjectType("refresh+jwt")).ok()).isFalse();
        String plain = ring.sign(JOSEObjectType.JWT, Map.of(), claims());
        assertThat(ring.verify(plain, AT_JWT).ok()).isFalse();
        assertThat(ring.verify(plain, null).ok()).isTrue();
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        assertThat(rings.ring("simplejwt").verify(hs256("{\"alg\":\"HS256\",\"typ\":1}", "{}", key), null).ok())
                .isFalse();
    }

    @Test
    void verifyWhenKeyReferenceOrCritHeaderThenRefused() {
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        for (String member : List.of("\"jku\":\"https://evil.example/jwks\"", "\"x5u\":\"https://evil.example/c\"",
                "\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}", "\"x5c\":[\"AAAA\"]", "\"crit\":[\"exp\"]",
                "\"b64\":false")) {
            String token = hs256("{\"alg\":\"HS256\"," + member + "}", "{\"sub\":\"a\"}", key);
            JwtCodec.Verification v = rings.ring("simplejwt").verify(token, null);
            assertThat(v.ok()).as(member).isFalse();
            assertThat(v.refusal()).startsWith("header");
        }
    }

    @Test
    void verifyWhenNotThreeSegmentsOrTooLongThenRefused() {
        KeyRing ring = rings.ring("simplejwt");
        String good = ring.sign(null, Map.of(), claims());
        String[] p = good.split("\\.");
        assertThat(ring.verify(good, null).ok()).isTrue();
        for (String bad : List.of(p[0] + "." + p[1], good + "." + p[2], good + ".", "." + p[1] + "." + p[2],
                p[0] + ".." + p[2], "a.b.c.d.e", "{\"payload\":\"" + p[1] + "\"}", "", "...")) {
            assertThat(ring.verify(bad, null).ok()).as(bad).isFalse();
        }
        assertThat(ring.verify(null, null).ok()).isFalse();
        String big = hs256("{\"alg\":\"HS256\"}", "{\"p\":\"" + "x".repeat(JwtCodec.MAX_TOKEN_CHARS) + "\"}",
                SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(ring.verify(big, null).refusal()).isEqualTo("token missing or too long");
    }

    @Test
    void verifyWhenBase64NotCanonicalThenRefused() {
        KeyRing ring = rings.ring("simplejwt");
        String good = ring.sign(null, Map.of(), claims());
        assertThat(ring.verify(good + "=", null).ok()).isFalse();
        assertThat(Base64Url.canonical("ab+c", 0, 4)).isFalse(); // standard alphabet is not base64url
        assertThat(Base64Url.canonical("ab/c", 0, 4)).isFalse();
        assertThat(Base64Url.canonical("ab-_", 0, 4)).isTrue();
        // a 43-character HS256 signature has 2 unused bits: set one and it must not verify
        String sig = good.substring(good.lastIndexOf('.') + 1);
        char last = sig.charAt(sig.length() - 1);
        String alt = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char flipped = alt.charAt(alt.indexOf(last) ^ 1);
        assertThat(ring.verify(good.substring(0, good.length() - 1) + flipped, null).ok()).isFalse();
    }

    @Test
    void verifyWhenDuplicateClaimsOrClaimsNotAnObjectThenRefused() {
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        KeyRing ring = rings.ring("simplejwt");
        assertThat(ring.verify(hs256("{\"alg\":\"HS256\"}", "{\"sub\":\"a\",\"sub\":\"admin\"}", key), null).ok())
                .isFalse();
        assertThat(ring.verify(hs256("{\"alg\":\"HS256\",\"alg\":\"HS256\"}", "{}", key), null).ok()).isFalse();
        for (String payload : List.of("[1]", "\"s\"", "null", "1", "{} {}", "{\"exp\":\"tomorrow\"}", "")) {
            assertThat(ring.verify(hs256("{\"alg\":\"HS256\"}", payload, key), null).ok()).as(payload).isFalse();
        }
        assertThat(ring.verify(hs256("{\"alg\":\"HS256\"}", "{}", key), null).ok()).isTrue();
    }

    @Test
    void jwksHoldsPublicAsymmetricKeysOnly() {
        JWKSet set = parseJwks();
        assertThat(set.getKeys()).hasSize(3);
        for (JWK k : set.getKeys()) {
            assertThat(k.isPrivate()).isFalse();
            assertThat(k.getKeyType().getValue()).isNotEqualTo("oct");
        }
        assertThat(rings.jwks()).doesNotContain("\"d\"").doesNotContain("\"k\"").doesNotContain("\"p\"");
    }

    @Test
    void listShowsKeysWithoutSecrets() {
        List<KeyInfo> list = rings.list();
        assertThat(list).extracting(KeyInfo::purpose).contains("oauth2", "es", "rs", "hs", "simplejwt");
        assertThat(list.toString()).doesNotContain(SECRET);
    }

    private JWKSet parseJwks() {
        try {
            return JWKSet.parse(rings.jwks());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
