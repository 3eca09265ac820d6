package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.core.session.StartRequest;
import dev.rotor.server.config.Settings;
import dev.rotor.server.config.SettingsException;
import dev.rotor.server.http.dialect.oauth2.RefreshTokenFormat;
import dev.rotor.server.http.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ROTOR_OAUTH2_ALG} (README settings, DESIGN.md) on the production key rings of {@link Dialects#keyRings}, over
 * real HTTP: the refreshed access token is signed with the chosen algorithm under a {@code kid} that the published
 * JWKS holds, so a resource server can verify it (RFC 9068 §4, RFC 7517).
 */
class OAuth2KeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"EdDSA", "ES256", "RS256"})
    void refreshWhenAlgorithmChosenThenAccessTokenSignedWithItAndVerifiesAgainstJwks(String alg) throws Exception {
        Map<String, String> settings = Map.of("ROTOR_OAUTH2_ALG", alg);
        try (TestServer server = new TestServer(settings, DialectKeys.real(settings))) {
            String refresh = RefreshTokenFormat.encode(server.rotor.services().sessions()
                    .start(OAuth2DialectTest.RULES, new StartRequest("u1", "app", null, null)).refresh().secret());
            HttpResponse<String> r = server.postForm("/oauth2/token", "grant_type=refresh_token&refresh_token=" + refresh,
                    "Authorization", OAuth2DialectTest.BASIC_APP);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            SignedJWT access = SignedJWT.parse(JSON.readTree(r.body()).get("access_token").asText());
            assertThat(access.getHeader().getAlgorithm().getName()).isEqualTo(alg);

            JWKSet published = JWKSet.parse(server.send(HttpRequest.newBuilder(
                    URI.create(server.url("/.well-known/jwks.json"))).GET().build()).body());
            JWK key = published.getKeyByKeyId(access.getHeader().getKeyID());
            assertThat(key).as("the token's kid in the JWKS").isNotNull();
            assertThat(key.isPrivate()).as("the JWKS publishes public keys only").isFalse();
            assertThat(access.verify(verifier(key))).isTrue();
        }
    }

    @Test
    void startWhenAlgorithmNotAsymmetricThenSettingsErrorNamesTheSetting() {
        // A symmetric algorithm would leave resource servers nothing to verify with (the JWKS holds public keys only).
        for (String alg : new String[] {"HS256", "none", "eddsa"}) {
            assertThatThrownBy(() -> Dialects.keyRings(Settings.from(Map.of("ROTOR_PORT", "0", "ROTOR_OAUTH2_ALG", alg))))
                    .as(alg).isInstanceOf(SettingsException.class)
                    .hasMessageContaining("ROTOR_OAUTH2_ALG must be EdDSA, ES256 or RS256");
        }
    }

    private static JWSVerifier verifier(JWK key) throws Exception {
        return switch (key.getKeyType().getValue()) {
            case "OKP" -> new Ed25519Verifier(key.toOctetKeyPair());
            case "EC" -> new ECDSAVerifier(key.toECKey());
            case "RSA" -> new RSASSAVerifier(key.toRSAKey());
            default -> throw new AssertionError("unexpected key type " + key.getKeyType());
        };
    }
}
