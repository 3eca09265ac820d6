package dev.rotor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.store.Stores;
import dev.rotor.server.Rotor;
import dev.rotor.server.config.Settings;
import dev.rotor.server.config.SettingsLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3: a user imported with {@code rotor user import} from a Django ({@code pbkdf2_sha256}) or bcrypt export logs
 * in through every dialect with their old password, on the production wiring (SQLite, real key rings, Argon2id), and
 * the hash is upgraded to Argon2id at the first login.
 */
class ImportedUserLoginTest {

    /** Django's PBKDF2PasswordHasher output for "correct horse" (how it was produced: see PasswordsTest). */
    private static final String DJANGO = "pbkdf2_sha256$260000$seasalt0123$mkdwlGUlSWpkBMpAc5ZRcmK2t9rMNfUiUpJ7KkgSSic=";
    /**
     * A bcrypt export for "battery staple" made here with Bouncy Castle: duktig refuses passwords under 6 characters at
     * login, so the 3-character OpenBSD vector (checked against Rotor's verifier in PasswordsTest) will not do.
     */
    private static final String BCRYPT = OpenBSDBCrypt.generate("2b", "battery staple".toCharArray(), new byte[16], 4);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void loginWhenImportedDjangoOrBcryptHashThenEveryDialectAcceptsTheOldPasswordAndHashIsUpgraded() throws Exception {
        Path export = data.resolve("users.jsonl");
        Files.writeString(export, String.join("\n",
                "{\"id\":\"101\",\"username\":\"dj\",\"email\":\"dj@example.com\",\"first_name\":\"Dj\",\"last_name\":\"Ango\","
                        + "\"role\":\"user\",\"active\":true,\"password\":\"" + DJANGO + "\"}",
                "{\"id\":\"102\",\"username\":\"bc\",\"email\":\"bc@example.com\",\"first_name\":\"B\",\"last_name\":\"Crypt\","
                        + "\"role\":\"user\",\"active\":true,\"password\":\"" + BCRYPT + "\"}") + "\n");
        assertThat(cli("user", "import", export.toString())).isZero();
        assertThat(cli("client", "add", "app", "--public")).isZero();

        Settings settings = SettingsLoader.load(null, Map.of("ROTOR_DATA", data.toString(), "ROTOR_PORT", "0",
                "ROTOR_OAUTH2_PASSWORD_GRANT", "true", "ROTOR_WATCHR_COOKIE_SECURE", "false"), Map.of());
        ProductionBackend backend = new ProductionBackend();
        Stores stores = backend.open(settings);
        try (Rotor rotor = Rotor.start(new Rotor.Parts(settings, Clock.systemUTC(), stores, backend.keys(settings, stores),
                backend.passwords(), backend.successorKey(settings), stores))) {
            String base = "http://127.0.0.1:" + rotor.port();
            for (String[] user : new String[][] {{"dj", "dj@example.com", "correct horse", "101"},
                    {"bc", "bc@example.com", "battery staple", "102"}}) {
                String name = user[0];
                String email = user[1];
                String password = user[2];

                assertThat(form(base + "/oauth2/token", "grant_type", "password", "client_id", "app",
                        "username", name, "password", password)).isEqualTo(200);
                assertThat(stores.users().findById(user[3]).orElseThrow().passwordHash()).startsWith("$argon2id$");

                assertThat(json(base + "/v1/auth/login", "{\"username\":\"" + name + "\",\"password\":\"" + password
                        + "\",\"device_name\":\"laptop\"}")).isEqualTo(200);
                assertThat(json(base + "/api/token/", "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}"))
                        .isEqualTo(200);
                assertThat(json(base + "/api/v1/authenticate", "{\"username\":\"" + name + "\",\"password\":\""
                        + password + "\"}")).isEqualTo(200);
                assertThat(json(base + "/auth/token", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                        .isEqualTo(200);
                assertThat(form(base + "/auth/login", "username", name, "password", password)).isEqualTo(200);

                assertThat(json(base + "/api/token/", "{\"username\":\"" + name + "\",\"password\":\"wrong\"}"))
                        .isEqualTo(401);
            }
        }
    }

    private int cli(String... args) {
        String[] withData = new String[args.length + 2];
        System.arraycopy(args, 0, withData, 0, args.length);
        withData[args.length] = "--data";
        withData[args.length + 1] = data.toString();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new Main(new ProductionBackend(), Map.of(), new ByteArrayInputStream(new byte[0]), out, out).run(withData);
    }

    private int form(String url, String... pairs) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return post(url, "application/x-www-form-urlencoded", body.toString());
    }

    private int json(String url, String body) throws Exception {
        return post(url, "application/json", body);
    }

    private int post(String url, String type, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
