package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.RotationPolicy;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.session.StartedSession;
import dev.rotor.core.store.Client;
import dev.rotor.server.http.dialect.oauth2.RefreshTokenFormat;
import dev.rotor.server.http.support.Golden;
import dev.rotor.server.http.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuth2DialectTest {

    static final String BASIC_APP = "Basic " + Base64.getEncoder().encodeToString("app:s3cret".getBytes(StandardCharsets.UTF_8));
    static final DialectRules RULES = new DialectRules("oauth2", RotationPolicy.ALWAYS,
            Lifetimes.of(Duration.ofMinutes(5), Duration.ofDays(14), Duration.ofDays(90)), 32, 0);
    static final ObjectMapper JSON = new ObjectMapper();

    TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    String login(String clientId, String scope) {
        StartedSession s = server.rotor.services().sessions().start(RULES, new StartRequest("u1", clientId, null, scope));
        return RefreshTokenFormat.encode(s.refresh().secret());
    }

    HttpResponse<String> token(String form) {
        return server.postForm("/oauth2/token", form, "Authorization", BASIC_APP);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void refreshWhenValidThenRotatesAndIssuesAtJwt() throws Exception {
        String rt = login("app", "read write");
        HttpResponse<String> r = token("grant_type=refresh_token&refresh_token=" + rt);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Server")).isEmpty();
        JsonNode body = json(r);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(300);
        assertThat(body.get("scope").asText()).isEqualTo("read write");
        assertThat(body.get("refresh_token").asText()).startsWith("rt_").isNotEqualTo(rt);
        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asText());
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://rotor.test");
        assertThat(claims.getSubject()).isEqualTo("u1");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("app");
        assertThat(claims.getStringClaim("sid")).isNotBlank();
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getAudience()).isNotEmpty();
    }

    @Test
    void refreshWhenNarrowerScopeThenGrantsIt() throws Exception {
        String rt = login("app", "read write");
        HttpResponse<String> r = token("grant_type=refresh_token&scope=read&refresh_token=" + rt);
        assertThat(json(r).get("scope").asText()).isEqualTo("read");
    }

    @Test
    void refreshWhenWiderScopeThenInvalidScope() {
        Golden.assertMatches(token("grant_type=refresh_token&scope=read+admin&refresh_token=" + login("app", "read")),
                "wire/oauth2/wider-scope.http");
    }

    @Test
    void refreshWhenTokenOfAnotherClientThenInvalidGrantAndTokenStillWorks() {
        String rt = login("spa", null);
        Golden.assertMatches(token("grant_type=refresh_token&refresh_token=" + rt), "wire/oauth2/other-clients-token.http");
        assertThat(server.postForm("/oauth2/token", "grant_type=refresh_token&client_id=spa&refresh_token=" + rt)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void refreshWhenClientSecretChangedThenOldSecretRefusedAndSessionGoesOnWithTheNewOne() throws Exception {
        String rt = login("app", null);
        assertThat(server.stores.clients().changeSecret("app", "plain:n3w")).isTrue(); // what `rotor client secret` does

        Golden.assertMatches(token("grant_type=refresh_token&refresh_token=" + rt), "wire/oauth2/invalid-client-basic.http");
        String basicNew = "Basic " + Base64.getEncoder().encodeToString("app:n3w".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = server.postForm("/oauth2/token", "grant_type=refresh_token&refresh_token=" + rt,
                "Authorization", basicNew);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("refresh_token").asText()).startsWith("rt_");
    }

    @Test
    void refreshWhenClientRemovedThenInvalidClientAndEvenOnceTheIdIsAddedAgainTheTokenIsDead() {
        String rt = login("spa", null);
        String refresh = "grant_type=refresh_token&client_id=spa&refresh_token=" + rt;
        assertThat(server.stores.clients().remove("spa", server.clock.instant())).isTrue(); // `rotor client remove`

        Golden.assertMatches(server.postForm("/oauth2/token", refresh), "wire/oauth2/invalid-client-post.http");
        server.stores.clients().add(new Client("spa", null, server.clock.instant()));
        Golden.assertMatches(server.postForm("/oauth2/token", refresh), "wire/oauth2/invalid-refresh-token.http");
    }

    @Test
    void refreshWhenMalformedOrUnknownThenInvalidGrant() {
        Golden.assertMatches(token("grant_type=refresh_token&refresh_token=nonsense"), "wire/oauth2/invalid-refresh-token.http");
        Golden.assertMatches(token("grant_type=refresh_token&refresh_token=" + RefreshTokenFormat.encode(new byte[32])),
                "wire/oauth2/invalid-refresh-token.http");
    }

    @Test
    void refreshWhenTokenReusedAfterGraceThenSessionRevoked() {
        String rt = login("app", null);
        String next = successor(token("grant_type=refresh_token&refresh_token=" + rt));
        server.clock.advance(Duration.ofSeconds(11));
        Golden.assertMatches(token("grant_type=refresh_token&refresh_token=" + rt), "wire/oauth2/invalid-refresh-token.http");
        Golden.assertMatches(token("grant_type=refresh_token&refresh_token=" + next), "wire/oauth2/invalid-refresh-token.http");
        assertThat(server.rotor.metrics().scrape()).contains("rotor_reuse_detected_total{dialect=\"oauth2\"} 1.0");
    }

    @Test
    void tokenWhenErrorsThenRfc6749Shapes() {
        Golden.assertMatches(token("refresh_token=x"), "wire/oauth2/missing-grant-type.http");
        Golden.assertMatches(token("grant_type=authorization_code&code=x"), "wire/oauth2/unsupported-grant-type.http");
        Golden.assertMatches(token("grant_type=password&username=alice&password=wonderland"),
                "wire/oauth2/password-grant-disabled.http");
        Golden.assertMatches(token("grant_type=refresh_token&grant_type=refresh_token"), "wire/oauth2/repeated-parameter.http");
        Golden.assertMatches(token("grant_type=refresh_token"), "wire/oauth2/missing-refresh-token.http");
        Golden.assertMatches(server.postForm("/oauth2/token", "grant_type=client_credentials&client_id=spa"),
                "wire/oauth2/public-client-credentials.http");
        Golden.assertMatches(server.send(HttpRequest.newBuilder(URI.create(server.url("/oauth2/token")))
                .header("Content-Type", "application/json").header("Authorization", BASIC_APP)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), "wire/oauth2/not-a-form.http");
    }

    @Test
    void clientWhenWrongSecretThenInvalidClient401() {
        String bad = "Basic " + Base64.getEncoder().encodeToString("app:wrong".getBytes(StandardCharsets.UTF_8));
        Golden.assertMatches(server.postForm("/oauth2/token", "grant_type=client_credentials", "Authorization", bad),
                "wire/oauth2/invalid-client-basic.http");
        Golden.assertMatches(server.postForm("/oauth2/token", "grant_type=client_credentials&client_id=app&client_secret=wrong"),
                "wire/oauth2/invalid-client-post.http");
        Golden.assertMatches(server.postForm("/oauth2/token", "grant_type=client_credentials&client_id=nobody"),
                "wire/oauth2/invalid-client-post.http");
        Golden.assertMatches(server.postForm("/oauth2/token", "grant_type=client_credentials"),
                "wire/oauth2/invalid-client-post.http");
    }

    @Test
    void clientCredentialsThenAccessTokenWithoutRefreshToken() throws Exception {
        HttpResponse<String> r = server.postForm("/oauth2/token",
                "grant_type=client_credentials&scope=read&client_id=app&client_secret=s3cret");
        JsonNode body = json(r);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(SignedJWT.parse(body.get("access_token").asText()).getJWTClaimsSet().getSubject()).isEqualTo("app");
    }

    @Test
    void passwordGrantWhenEnabledThenIssuesTokens() throws Exception {
        server.close();
        server = new TestServer(Map.of("ROTOR_OAUTH2_PASSWORD_GRANT", "true"));
        HttpResponse<String> r = token("grant_type=password&username=alice&password=wonderland&scope=read");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("refresh_token").asText()).startsWith("rt_");
        Golden.assertMatches(token("grant_type=password&username=alice&password=nope"), "wire/oauth2/bad-credentials.http");
    }

    @Test
    void introspectWhenActiveThenClaimsAndWhenRevokedThenInactiveOnly() throws Exception {
        String rt = login("app", "read");
        JsonNode issued = json(token("grant_type=refresh_token&refresh_token=" + rt));
        String at = issued.get("access_token").asText();
        JsonNode active = json(server.postForm("/oauth2/introspect", "token=" + at, "Authorization", BASIC_APP));
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.get("sub").asText()).isEqualTo("u1");
        assertThat(active.get("username").asText()).isEqualTo("alice");
        assertThat(active.get("client_id").asText()).isEqualTo("app");
        assertThat(active.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(active.get("sid").asText()).isNotBlank();
        JsonNode refresh = json(server.postForm("/oauth2/introspect", "token=" + issued.get("refresh_token").asText(), "Authorization", BASIC_APP));
        assertThat(refresh.get("active").asBoolean()).isTrue();

        assertThat(server.postForm("/oauth2/revoke", "token=" + issued.get("refresh_token").asText(), "Authorization", BASIC_APP)
                .statusCode()).isEqualTo(200);
        Golden.assertMatches(server.postForm("/oauth2/introspect", "token=" + at, "Authorization", BASIC_APP),
                "wire/oauth2/introspect-inactive.http");
        Golden.assertMatches(server.postForm("/oauth2/introspect", "token=garbage", "Authorization", BASIC_APP),
                "wire/oauth2/introspect-inactive.http");
    }

    @Test
    void revokeWhenJwtAccessTokenThenItsSessionEndsAndIntrospectionSaysInactive() throws Exception {
        String rt = login("app", "read");
        JsonNode issued = json(token("grant_type=refresh_token&refresh_token=" + rt));
        String at = issued.get("access_token").asText();

        assertThat(server.postForm("/oauth2/revoke", "token=" + at + "&token_type_hint=access_token",
                "Authorization", BASIC_APP).statusCode()).isEqualTo(200);

        Golden.assertMatches(server.postForm("/oauth2/introspect", "token=" + at, "Authorization", BASIC_APP),
                "wire/oauth2/introspect-inactive.http");
        assertThat(token("grant_type=refresh_token&refresh_token=" + issued.get("refresh_token").asText()).statusCode())
                .isEqualTo(400);
    }

    @Test
    void introspectWhenPublicClientThenInvalidClient() {
        Golden.assertMatches(server.postForm("/oauth2/introspect", "token=x&client_id=spa"), "wire/oauth2/introspect-public-client.http");
    }

    @Test
    void introspectRepeatedlyThenSecretVerifiedOnce() {
        int before = server.passwords.verifications.get();
        for (int i = 0; i < 5; i++) {
            server.postForm("/oauth2/introspect", "token=x", "Authorization", BASIC_APP);
        }
        assertThat(server.passwords.verifications.get() - before).isEqualTo(1);
    }

    @Test
    void revokeWhenUnknownTokenThen200() {
        Golden.assertMatches(server.postForm("/oauth2/revoke", "token=whatever", "Authorization", BASIC_APP),
                "wire/oauth2/revoke-unknown.http");
    }

    @Test
    void bodyOver64KiBThen413InOAuth2Shape() {
        String big = "grant_type=refresh_token&pad=" + "a".repeat(65 * 1024);
        Golden.assertMatches(token(big), "wire/oauth2/body-too-large.http");
    }

    @Test
    void chunkedBodyOver64KiBThen413() {
        byte[] big = ("grant_type=refresh_token&pad=" + "a".repeat(65 * 1024)).getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/oauth2/token")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", BASIC_APP)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        Golden.assertMatches(server.send(request), "wire/oauth2/body-too-large.http");
    }

    @Test
    void wrongMethodAndUnknownPathThenOAuth2Shape() {
        Golden.assertMatches(server.send(HttpRequest.newBuilder(URI.create(server.url("/oauth2/token"))).GET().build()),
                "wire/oauth2/get-token-endpoint.http");
        Golden.assertMatches(server.send(HttpRequest.newBuilder(URI.create(server.url("/oauth2/nothing"))).GET().build()),
                "wire/oauth2/unknown-oauth2-path.http");
    }

    @Test
    void metadataNamesTheEndpoints() throws Exception {
        JsonNode m = json(server.send(HttpRequest.newBuilder(URI.create(server.url("/.well-known/oauth-authorization-server")))
                .GET().build()));
        assertThat(m.get("issuer").asText()).isEqualTo("https://rotor.test");
        assertThat(m.get("token_endpoint").asText()).isEqualTo("https://rotor.test/oauth2/token");
        assertThat(m.get("introspection_endpoint").asText()).isEqualTo("https://rotor.test/oauth2/introspect");
    }

    static String successor(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return json(r).get("refresh_token").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
