package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simplejwt token format: header, claim names and types, lifetimes, and what a refresh copies. Claim order is
 * the signer's (JSON member order carries no meaning, and PyJWT does not care), so it is not asserted.
 */
class SimpleJwtTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.123Z");
    private final SimpleJwtTestCodec codec = new SimpleJwtTestCodec("django-insecure-test-key");
    private final SimpleJwtTokens tokens = new SimpleJwtTokens(codec, null, null);

    static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void refreshTokenHasSimplejwtsHeaderAndClaims() throws Exception {
        byte[] secret = Secrets.random(16);
        String jwt = tokens.refreshToken(new IssuedRefresh(secret, NOW, NOW.plus(Duration.ofDays(1))), "42");
        assertThat(part(jwt, 0).toString()).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        JsonNode claims = part(jwt, 1);
        assertThat(names(claims)).containsExactlyInAnyOrder("token_type", "exp", "iat", "jti", "user_id");
        assertThat(claims.get("token_type").asText()).isEqualTo("refresh");
        assertThat(claims.get("iat").isIntegralNumber()).isTrue();
        assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(86_400);
        assertThat(claims.get("jti").asText()).matches("[0-9a-f]{32}");
        assertThat(SimpleJwtTokens.secretOf(claims.get("jti").asText())).isEqualTo(secret);
        assertThat(claims.get("user_id").isTextual()).isTrue();
        assertThat(claims.get("user_id").asText()).isEqualTo("42");
    }

    @Test
    void refreshTokenIsAFunctionOfItsSecretTimesAndUser() {
        IssuedRefresh refresh = new IssuedRefresh(Secrets.random(16), NOW, NOW.plus(Duration.ofDays(1)));
        assertThat(tokens.refreshToken(refresh, "42")).isEqualTo(tokens.refreshToken(
                new IssuedRefresh(refresh.secret().clone(), refresh.issuedAt(), refresh.expiresAt()), "42"));
    }

    @Test
    void accessTokenLivesFiveMinutesAndHasAFreshJti() throws Exception {
        String jwt = tokens.accessTokenFor("42", NOW, Duration.ofMinutes(5));
        JsonNode claims = part(jwt, 1);
        assertThat(names(claims)).containsExactlyInAnyOrder("token_type", "exp", "iat", "jti", "user_id");
        assertThat(claims.get("token_type").asText()).isEqualTo("access");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
        assertThat(claims.get("jti").asText()).matches("[0-9a-f]{32}")
                .isNotEqualTo(part(tokens.accessTokenFor("42", NOW, Duration.ofMinutes(5)), 1).get("jti").asText());
    }

    @Test
    void accessByRefreshCopiesEveryClaimButTypeExpIatAndJti() throws Exception {
        String foreign = codec.signRaw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"token_type\":\"refresh\",\"exp\":1767312000,\"iat\":1767225600,"
                        + "\"jti\":\"0123456789abcdef0123456789abcdef\",\"user_id\":7,\"tenant\":\"acme\"}");
        SimpleJwtTokens.Parsed parsed = tokens.parse(foreign, SimpleJwtTokens.REFRESH, NOW);
        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.token().userId()).isEqualTo("7");
        JsonNode claims = part(tokens.accessTokenFrom(parsed.token().claims(), NOW, Duration.ofMinutes(5)), 1);
        assertThat(names(claims)).containsExactlyInAnyOrder("token_type", "exp", "iat", "jti", "user_id", "tenant");
        assertThat(claims.get("user_id").asInt()).isEqualTo(7);
        assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.get("jti").asText()).isNotEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void issuerAndAudienceAreWrittenAndCheckedOnlyWhenConfigured() throws Exception {
        SimpleJwtTokens scoped = new SimpleJwtTokens(codec, "https://rotor.example", "api");
        String jwt = scoped.refreshToken(new IssuedRefresh(Secrets.random(16), NOW, NOW.plusSeconds(60)), "1");
        assertThat(names(part(jwt, 1))).containsExactlyInAnyOrder("token_type", "exp", "iat", "jti", "user_id", "aud", "iss");
        assertThat(scoped.parse(jwt, "refresh", NOW).ok()).isTrue();
        String unscoped = tokens.refreshToken(new IssuedRefresh(Secrets.random(16), NOW, NOW.plusSeconds(60)), "1");
        assertThat(scoped.parse(unscoped, "refresh", NOW).problem()).isEqualTo(SimpleJwtTokens.Problem.INVALID);
    }

    @Test
    void parseRefusesExpiredWrongTypeMissingIdAndBadSignatures() {
        IssuedRefresh refresh = new IssuedRefresh(Secrets.random(16), NOW, NOW.plusSeconds(60));
        String jwt = tokens.refreshToken(refresh, "1");
        assertThat(tokens.parse(jwt, "refresh", NOW).ok()).isTrue();
        assertThat(tokens.parse(jwt, "refresh", NOW.plusSeconds(60)).problem())
                .isEqualTo(SimpleJwtTokens.Problem.EXPIRED);
        assertThat(tokens.parse(jwt, "access", NOW).problem()).isEqualTo(SimpleJwtTokens.Problem.WRONG_TYPE);
        assertThat(tokens.parse(jwt, null, NOW).ok()).isTrue();
        String other = new SimpleJwtTokens(new SimpleJwtTestCodec("another key"), null, null).refreshToken(refresh, "1");
        assertThat(tokens.parse(other, "refresh", NOW).problem()).isEqualTo(SimpleJwtTokens.Problem.INVALID);
        String noJti = codec.signRaw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"token_type\":\"refresh\",\"exp\":1767312000,\"user_id\":\"1\"}");
        assertThat(tokens.parse(noJti, "refresh", NOW).problem()).isEqualTo(SimpleJwtTokens.Problem.NO_ID);
        String textExp = codec.signRaw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"token_type\":\"refresh\",\"exp\":\"soon\",\"jti\":\"x\",\"user_id\":\"1\"}");
        assertThat(tokens.parse(textExp, "refresh", NOW).problem()).isEqualTo(SimpleJwtTokens.Problem.INVALID);
        assertThat(tokens.parse("x".repeat(10_000), "refresh", NOW).problem())
                .isEqualTo(SimpleJwtTokens.Problem.INVALID);
        assertThat(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))
                .doesNotContain(" ");
    }

    @Test
    void aNonHexJtiParsesButCarriesNoSecret() {
        String foreign = codec.signRaw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"token_type\":\"refresh\",\"exp\":1767312000,\"jti\":\"abcdefg123456789\",\"user_id\":1}");
        assertThat(tokens.parse(foreign, "refresh", NOW).token().secret()).isNull();
    }
}
