package dev.rotor.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.server.http.support.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A JWT attack corpus (RFC 8725) against the production key rings, for every dialect that takes JWTs, plus the
 * opaque-token dialects that must not be fooled by one: alg none (any case), HS256 keyed with the public key,
 * hostile kid values, jku/x5u/jwk/x5c/crit headers, nested and JSON-serialised JWS, duplicate claims, odd exp/nbf/iat,
 * padding and whitespace, 2/4/5 segments, oversized tokens, another dialect's tokens, an access token as a refresh
 * token. Tokens that need a valid signature are signed with the dialect's real key (the simplejwt shared secret): the
 * attack is then in the header or claims, not in a wrong signature.
 */
class JwtAttackHardeningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final String SIMPLEJWT_KEY = "hardening-simplejwt-signing-key-0123456789abcdef";
    static final String KIRJASWAPPI_KEY = "hardening-kirjaswappi-signing-key-0123456789abcdef";

    static TestServer server;
    static String simpleRefresh;
    static String simpleAccess;
    static String oauthAccess;
    static String oauthRefresh;
    static String gorbRefresh;
    static String gorbAccess;
    static String kirjaRefresh;
    static String kirjaAccess;
    static String duktigRefresh;
    static String duktigAccess;
    static String watchrRefresh;
    static String watchrAccess;

    /** Every dialect's genuine tokens but {@code own}'s: each must be refused by a dialect that did not issue it. */
    static List<String> othersThan(String... own) {
        List<String> all = new ArrayList<>(List.of(oauthAccess, oauthRefresh, simpleRefresh, simpleAccess, gorbRefresh,
                gorbAccess, kirjaRefresh, kirjaAccess, duktigRefresh, duktigAccess, watchrRefresh, watchrAccess));
        all.removeAll(List.of(own));
        return all;
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("ROTOR_OAUTH2_PASSWORD_GRANT", "true", "ROTOR_WATCHR_COOKIE_SECURE", "false",
                "ROTOR_SIMPLEJWT_SIGNING_KEY", SIMPLEJWT_KEY, "ROTOR_KIRJASWAPPI_SIGNING_KEY", KIRJASWAPPI_KEY),
                null, null, ProductionKeys::open);
        JsonNode s = json(post("/api/token/", "application/json", "{\"username\":\"alice\",\"password\":\"wonderland\"}"));
        simpleRefresh = s.get("refresh").asText();
        simpleAccess = s.get("access").asText();
        JsonNode o = json(post("/oauth2/token", "application/x-www-form-urlencoded",
                "grant_type=password&client_id=spa&username=alice&password=wonderland"));
        oauthAccess = o.get("access_token").asText();
        oauthRefresh = o.get("refresh_token").asText();
        JsonNode g = json(post("/v1/auth/login", "application/json",
                "{\"username\":\"alice\",\"password\":\"wonderland\",\"device_name\":\"pc\"}"));
        gorbRefresh = g.get("refresh_token").asText();
        gorbAccess = g.get("access_token").asText();
        JsonNode k = json(post("/api/v1/authenticate", "application/json", "{\"username\":\"alice\",\"password\":\"wonderland\"}"));
        kirjaRefresh = k.get("refreshToken").asText();
        kirjaAccess = k.get("jwtToken").asText();
        JsonNode d = json(post("/auth/token", "application/json", "{\"email\":\"alice@example.com\",\"password\":\"wonderland\"}"));
        duktigRefresh = d.get("refresh_token").asText();
        duktigAccess = d.get("access_token").asText();
        HttpResponse<String> w = post("/auth/login", "application/x-www-form-urlencoded", "username=alice&password=wonderland");
        assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
        watchrAccess = json(w).get("access_token").asText();
        String setCookie = w.headers().firstValue("Set-Cookie").orElseThrow();
        watchrRefresh = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- the corpus --------------------------------------------------------------------------------------------

    record Attack(String name, String token) {
    }

    /** Hostile variants built from a genuine token: header and claims are kept, signed with {@code key} when given. */
    static List<Attack> corpus(String genuine, byte[] key, List<String> otherDialectTokens) throws Exception {
        String[] parts = genuine.split("\\.");
        Map<String, Object> header = JSON.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Map<String, Object> claims = JSON.readValue(payload, Map.class);
        List<Attack> a = new ArrayList<>();
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            String unsigned = b64(JSON.writeValueAsString(with(header, "alg", none))) + "." + parts[1];
            a.add(new Attack("alg " + none + ", empty signature", unsigned + "."));
            a.add(new Attack("alg " + none + ", no signature segment", unsigned));
            a.add(new Attack("alg " + none + ", original signature", unsigned + "." + parts[2]));
        }
        a.add(new Attack("signature of another key", sign(header, payload, "not-the-key".getBytes(StandardCharsets.UTF_8))));
        a.add(new Attack("signature stripped", parts[0] + "." + parts[1] + "."));
        a.add(new Attack("signature bit flipped", parts[0] + "." + parts[1] + "." + flip(parts[2])));
        a.add(new Attack("claims changed, signature kept", parts[0] + "." + b64(payload.replace("\"exp\":", "\"exp\":9")) + "." + parts[2]));
        if (key != null) {
            for (String kid : List.of("../../../../../dev/null", "/etc/passwd", "' OR '1'='1", "1; DROP TABLE keys;--",
                    "\u0000", "k".repeat(4000), "k".repeat(10_000))) {
                a.add(new Attack("kid " + kid.substring(0, Math.min(kid.length(), 24)), sign(with(header, "kid", kid), payload, key)));
            }
            a.add(new Attack("kid is a number", sign(with(header, "kid", 7), payload, key)));
            a.add(new Attack("jku header", sign(with(header, "jku", "https://evil.example/jwks.json"), payload, key)));
            a.add(new Attack("x5u header", sign(with(header, "x5u", "https://evil.example/cert.pem"), payload, key)));
            a.add(new Attack("jwk header", sign(with(header, "jwk", Map.of("kty", "oct", "k", B64.encodeToString(key))), payload, key)));
            a.add(new Attack("x5c header", sign(with(header, "x5c", List.of("MIIB")), payload, key)));
            a.add(new Attack("unknown crit", sign(with(with(header, "crit", List.of("exp2")), "exp2", 1), payload, key)));
            a.add(new Attack("crit not a list", sign(with(header, "crit", "x"), payload, key)));
            a.add(new Attack("typ at+jwt", sign(with(header, "typ", "at+jwt"), payload, key)));
            a.add(new Attack("alg HS512", signWith("HmacSHA512", with(header, "alg", "HS512"), payload, key)));
            a.add(new Attack("alg array", sign(with(header, "alg", List.of("HS256")), payload, key)));
            a.add(new Attack("header not an object", signRaw("[\"HS256\"]", payload, key)));
            a.add(new Attack("nested JWS as payload", signRaw(JSON.writeValueAsString(with(header, "cty", "JWT")), genuine, key)));
            a.add(new Attack("payload not JSON", signRaw(JSON.writeValueAsString(header), "not json", key)));
            a.add(new Attack("payload a JSON array", signRaw(JSON.writeValueAsString(header), "[" + payload + "]", key)));
            String dup = payload.substring(0, payload.length() - 1);
            for (String name : List.of("token_type", "user_id", "sub", "jwtToken", "account", "jti")) {
                if (claims.containsKey(name)) {
                    a.add(new Attack("duplicate " + name, sign(header, dup + ",\"" + name + "\":\"other\"}", key)));
                }
            }
            a.add(new Attack("duplicate exp", sign(header, dup + ",\"exp\":1}", key)));
            for (Object exp : List.of("4102444800", "never", -1, 0, 1.5, 253_402_300_800L, new java.math.BigDecimal("1E400"), new java.math.BigInteger("18446744073709551616"),
                    new java.math.BigInteger("18446744077812002816"), true, List.of(4102444800L), Map.of("v", 1))) {
                a.add(new Attack("exp " + exp, sign(header, JSON.writeValueAsString(with(claims, "exp", exp)), key)));
            }
            for (String claim : List.of("iat", "nbf")) {
                for (Object v : List.of("yesterday", -1L, 253_402_300_800L, new java.math.BigDecimal("1E400"), new java.math.BigInteger("99999999999999999999999"), List.of())) {
                    a.add(new Attack(claim + " " + v, sign(header, JSON.writeValueAsString(with(claims, claim, v)), key)));
                }
            }
            a.add(new Attack("no exp", sign(header, JSON.writeValueAsString(without(claims, "exp")), key)));
            a.add(new Attack("no jti", sign(header, JSON.writeValueAsString(without(claims, "jti")), key)));
            a.add(new Attack("jti of another length", sign(header, JSON.writeValueAsString(with(claims, "jti", "abc")), key)));
            for (String who : List.of("user_id", "sub")) {
                if (claims.containsKey(who)) {
                    a.add(new Attack(who + " of somebody else", sign(header, JSON.writeValueAsString(with(claims, who, "bob")), key)));
                    a.add(new Attack(who + " a number", sign(header, JSON.writeValueAsString(with(claims, who, 1)), key)));
                }
            }
            a.add(new Attack("over 8 KiB, well signed", sign(header, JSON.writeValueAsString(with(claims, "pad", "p".repeat(9000))), key)));
        }
        String good = genuine;
        String[] g = good.split("\\.");
        a.add(new Attack("padding on the header", g[0] + "==." + g[1] + "." + g[2]));
        a.add(new Attack("padding on the signature", g[0] + "." + g[1] + "." + g[2] + "="));
        a.add(new Attack("standard base64 alphabet", g[0] + "." + g[1] + "." + g[2].replace('-', '+').replace('_', '/') + "+/"));
        a.add(new Attack("space after a dot", g[0] + ". " + g[1] + "." + g[2]));
        a.add(new Attack("newline inside", g[0] + "." + g[1] + "\n." + g[2]));
        a.add(new Attack("tab inside the signature", g[0] + "." + g[1] + "." + g[2].substring(0, 5) + "\t" + g[2].substring(5)));
        a.add(new Attack("two segments", g[0] + "." + g[1]));
        a.add(new Attack("four segments", good + "." + g[2]));
        a.add(new Attack("five segments (JWE shape)", g[0] + ".." + g[1] + ".." + g[2]));
        a.add(new Attack("leading dot", "." + good));
        a.add(new Attack("only dots", "...."));
        a.add(new Attack("JSON serialisation", JSON.writeValueAsString(Map.of("protected", g[0], "payload", g[1], "signature", g[2]))));
        a.add(new Attack("over 8 KiB of junk", "eyJ" + "A".repeat(9000) + "." + g[1] + "." + g[2]));
        a.add(new Attack("one megabyte-ish", "a".repeat(60_000)));
        a.add(new Attack("non-ASCII", g[0] + "." + g[1] + "é." + g[2]));
        a.add(new Attack("empty", ""));
        for (int i = 0; i < otherDialectTokens.size(); i++) {
            a.add(new Attack("another dialect's token #" + i, otherDialectTokens.get(i)));
        }
        return a;
    }

    // ---- per dialect -------------------------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> simplejwtRefreshRefusesEveryAttackWith401TokenNotValid() throws Exception {
        assertThat(post("/api/token/refresh/", "application/json", "{\"refresh\":\"" + simpleRefresh + "\"}").statusCode())
                .as("the genuine token works").isEqualTo(200);
        List<Attack> attacks = new ArrayList<>(corpus(simpleRefresh, SIMPLEJWT_KEY.getBytes(StandardCharsets.UTF_8),
                List.of(oauthAccess, oauthRefresh, gorbRefresh, gorbAccess)));
        attacks.add(new Attack("an access token as refresh token", simpleAccess));
        return attacks.stream().map(at -> DynamicTest.dynamicTest(at.name(), () -> {
            HttpResponse<String> r = post("/api/token/refresh/", "application/json",
                    JSON.writeValueAsString(Map.of("refresh", at.token())));
            if (at.token().isEmpty()) {
                assertThat(r.statusCode()).as("blank field: DIALECTS.md 400").isEqualTo(400);
                return;
            }
            assertThat(r.statusCode()).as("%s: %s", at.name(), r.body()).isEqualTo(401);
            assertThat(json(r).path("code").asText()).isEqualTo("token_not_valid");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
        })).toList();
    }

    @TestFactory
    List<DynamicTest> simplejwtVerifyRefusesEveryAttackWith401() throws Exception {
        List<Attack> attacks = corpus(simpleAccess, SIMPLEJWT_KEY.getBytes(StandardCharsets.UTF_8),
                List.of(oauthAccess, gorbAccess));
        return attacks.stream()
                // simplejwt's verify checks signature and expiry only, not token_type, jti or user_id: not attacks there.
                .filter(at -> !at.name().startsWith("duplicate token_type") && !at.name().startsWith("duplicate user_id")
                        && !at.name().startsWith("duplicate jti") && !at.name().startsWith("user_id")
                        && !at.name().startsWith("no jti") && !at.name().startsWith("jti of"))
                .map(at -> DynamicTest.dynamicTest(at.name(), () -> {
                    HttpResponse<String> r = post("/api/token/verify/", "application/json",
                            JSON.writeValueAsString(Map.of("token", at.token())));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(at.token().isEmpty() ? 400 : 401);
                })).toList();
    }

    @TestFactory
    List<DynamicTest> oauth2IntrospectionSaysInactiveForEveryAttack() throws Exception {
        assertThat(introspect(oauthAccess).path("active").asBoolean()).as("the genuine token is active").isTrue();
        // HS256 keyed with the EdDSA public key (the classic algorithm-confusion attack), under the real kid.
        JsonNode jwk = JSON.readTree(server.send(HttpRequest.newBuilder(URI.create(server.url("/.well-known/jwks.json")))
                .build()).body()).get("keys").get(0);
        Map<String, Object> header = JSON.readValue(Base64.getUrlDecoder().decode(oauthAccess.split("\\.")[0]), Map.class);
        String payload = new String(Base64.getUrlDecoder().decode(oauthAccess.split("\\.")[1]), StandardCharsets.UTF_8);
        // Other dialects' genuine tokens are introspected on purpose (DIALECTS.md), so they are not in this corpus.
        List<Attack> attacks = new ArrayList<>(corpus(oauthAccess, null, List.of()));
        for (byte[] publicKey : List.of(Base64.getUrlDecoder().decode(jwk.get("x").asText()),
                jwk.toString().getBytes(StandardCharsets.UTF_8), jwk.get("x").asText().getBytes(StandardCharsets.UTF_8))) {
            attacks.add(new Attack("HS256 keyed with the public key", sign(with(header, "alg", "HS256"), payload, publicKey)));
        }
        return attacks.stream().filter(at -> !at.token().isEmpty()).map(at -> DynamicTest.dynamicTest(at.name(), () -> {
            JsonNode r = introspect(at.token());
            assertThat(r.path("active").asBoolean()).as(r.toString()).isFalse();
        })).toList();
    }

    @TestFactory
    List<DynamicTest> oauth2RefreshGrantRefusesJwtsWith400InvalidGrant() throws Exception {
        List<String> tokens = List.of(oauthAccess, simpleRefresh, simpleAccess, gorbRefresh, gorbAccess,
                oauthAccess.substring(0, oauthAccess.lastIndexOf('.')) + ".", "a".repeat(9000));
        return tokens.stream().map(t -> DynamicTest.dynamicTest("refresh_token=" + t.substring(0, 12), () -> {
            HttpResponse<String> r = post("/oauth2/token", "application/x-www-form-urlencoded",
                    "grant_type=refresh_token&client_id=spa&refresh_token=" + URLEncoder.encode(t, StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).isEqualTo("invalid_grant");
        })).toList();
    }

    @TestFactory
    List<DynamicTest> gorbRefreshRefusesJwtsAndOtherTokensWith403() throws Exception {
        List<Attack> attacks = new ArrayList<>(corpus(simpleRefresh, SIMPLEJWT_KEY.getBytes(StandardCharsets.UTF_8),
                List.of(oauthAccess, oauthRefresh, simpleAccess)));
        attacks.add(new Attack("gorb access token as refresh token", gorbAccess));
        attacks.add(new Attack("upper-case hex", gorbRefresh.toUpperCase()));
        return attacks.stream().map(at -> DynamicTest.dynamicTest(at.name(), () -> {
            HttpResponse<String> r = post("/v1/auth/refresh", "application/json",
                    JSON.writeValueAsString(Map.of("refresh_token", at.token())));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        })).toList();
    }

    @TestFactory
    List<DynamicTest> kirjaswappiRefreshRefusesEveryAttackWith401() throws Exception {
        assertThat(post("/api/v1/authenticate/refresh", "application/json", "{\"refreshToken\":\"" + kirjaRefresh + "\"}")
                .statusCode()).as("the genuine token works").isEqualTo(200);
        List<Attack> attacks = new ArrayList<>(corpus(kirjaRefresh, KIRJASWAPPI_KEY.getBytes(StandardCharsets.UTF_8),
                othersThan(kirjaRefresh, kirjaAccess)));
        attacks.add(new Attack("an access token as refresh token", kirjaAccess));
        return attacks.stream().map(at -> DynamicTest.dynamicTest(at.name(), () -> {
            HttpResponse<String> r = post("/api/v1/authenticate/refresh", "application/json",
                    JSON.writeValueAsString(Map.of("refreshToken", at.token())));
            if (at.token().isEmpty()) {
                assertThat(r.statusCode()).as("blank field: DIALECTS.md 400 invalidArgument").isEqualTo(400);
                return;
            }
            if (at.name().startsWith("sub ")) {
                // Needs the signing key; kirjaswappi takes the user from the session, not from sub: no escalation.
                if (r.statusCode() == 200) {
                    String access = json(r).get("jwtToken").asText();
                    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[1]));
                    assertThat(claims.path("sub").asText()).isEqualTo("alice");
                    return;
                }
            }
            assertThat(r.statusCode()).as("%s: %s", at.name(), r.body()).isEqualTo(401);
            assertThat(json(r).path("error").path("code").asText()).isEqualTo("invalidRefreshToken");
        })).toList();
    }

    @TestFactory
    List<DynamicTest> duktigRefreshRefusesEveryAttackWith401() throws Exception {
        assertThat(post("/auth/refresh_token", "application/json", "", "Refresh-Token", duktigRefresh).statusCode())
                .as("the genuine token works").isEqualTo(200);
        // The refresh ring's key is generated and never leaves the store: header and format attacks only.
        List<Attack> attacks = new ArrayList<>(corpus(duktigRefresh, null, othersThan(duktigRefresh, duktigAccess)));
        attacks.add(new Attack("an access token as refresh token", duktigAccess));
        return attacks.stream().filter(at -> headerSafe(at.token())).map(at -> DynamicTest.dynamicTest(at.name(), () -> {
            HttpResponse<String> r = at.token().isEmpty()
                    ? post("/auth/refresh_token", "application/json", "")
                    : post("/auth/refresh_token", "application/json", "", "Refresh-Token", at.token());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(at.token().length() > 16_000 ? 431 : 401);
        })).toList();
    }

    @TestFactory
    List<DynamicTest> watchrRefreshRefusesEveryHostileCookieWith401() throws Exception {
        assertThat(post("/auth/refresh", "application/json", "", "Cookie", "refresh_token=" + watchrRefresh).statusCode())
                .as("the genuine cookie works").isEqualTo(200);
        List<Attack> attacks = new ArrayList<>(corpus(simpleRefresh, SIMPLEJWT_KEY.getBytes(StandardCharsets.UTF_8),
                othersThan(watchrRefresh)));
        attacks.add(new Attack("upper-cased genuine cookie", watchrRefresh.toUpperCase(java.util.Locale.ROOT)));
        attacks.add(new Attack("genuine cookie plus a byte", watchrRefresh + "A"));
        return attacks.stream().filter(at -> headerSafe(at.token())).map(at -> DynamicTest.dynamicTest(at.name(), () -> {
            HttpResponse<String> r = post("/auth/refresh", "application/json", "", "Cookie", "refresh_token=" + at.token());
            assertThat(r.statusCode()).as("%s: %s", at.name(), r.body()).isEqualTo(at.token().length() > 16_000 ? 431 : 401);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        })).toList();
    }

    /** CR and LF cannot be sent inside one header value (they would be another header: HttpAbuse/WatchrCookie tests). */
    static boolean headerSafe(String token) {
        return token.chars().noneMatch(c -> c == '\r' || c == '\n' || c > 0xff);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static JsonNode introspect(String token) throws Exception {
        HttpResponse<String> r = post("/oauth2/introspect", "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                "Authorization", "Basic " + Base64.getEncoder().encodeToString("app:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static HttpResponse<String> post(String path, String type, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = server.send(b.build());
        assertThat(r.statusCode()).as("never a 5xx: %s", r.body()).isLessThan(500);
        return r;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static Map<String, Object> with(Map<String, Object> map, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(name, value);
        return copy;
    }

    static Map<String, Object> without(Map<String, Object> map, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.remove(name);
        return copy;
    }

    static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String flip(String sig) {
        char c = sig.charAt(0);
        return (c == 'A' ? 'B' : 'A') + sig.substring(1);
    }

    static String sign(Map<String, Object> header, String payload, byte[] key) throws Exception {
        return signRaw(JSON.writeValueAsString(header), payload, key);
    }

    static String signRaw(String header, String payload, byte[] key) throws Exception {
        return signWith("HmacSHA256", header, payload, key);
    }

    static String signWith(String mac, Map<String, Object> header, String payload, byte[] key) throws Exception {
        return signWith(mac, JSON.writeValueAsString(header), payload, key);
    }

    static String signWith(String mac, String header, String payload, byte[] key) throws Exception {
        String input = b64(header) + "." + b64(payload);
        Mac m = Mac.getInstance(mac);
        m.init(new SecretKeySpec(key, mac));
        return input + "." + B64.encodeToString(m.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
