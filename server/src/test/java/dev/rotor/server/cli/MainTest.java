package dev.rotor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.RotationPolicy;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.memory.InMemoryStores;
import dev.rotor.server.config.Settings;
import dev.rotor.server.http.support.FakePasswords;
import dev.rotor.server.http.support.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    final InMemoryStores stores = new InMemoryStores();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    final Backend backend = new Backend() {
        @Override
        public Stores open(Settings settings) {
            return stores;
        }

        @Override
        public Keys keys(Settings settings, Stores s) {
            TestKeys keys = new TestKeys();
            return new Keys() {
                public dev.rotor.server.crypto.JwtCodec ring(String purpose) { return keys.ring(purpose); }
                public String jwks() { return keys.jwks(); }
                public boolean loaded() { return true; }
                public List<String> list() { return List.of("test\toauth2\tHS256"); }
                public String rotate(String purpose, boolean revokePrevious) {
                    return (revokePrevious ? "revoked-before-" : "kid-") + purpose;
                }
            };
        }

        @Override
        public PasswordHasher passwords() {
            return new FakePasswords();
        }

        @Override
        public byte[] successorKey(Settings settings) {
            return new byte[32];
        }
    };

    int run(String stdin, String... args) {
        out.reset();
        err.reset();
        return new Main(backend, Map.of(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void userAddListDisable() {
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--email", "a@example.com", "--id", "7")).isZero();
        assertThat(stores.findById("7").orElseThrow().passwordHash()).isEqualTo("plain:pw");
        assertThat(run("", "user", "list")).isZero();
        assertThat(out.toString()).contains("7\talice\ta@example.com");
        assertThat(run("", "user", "disable", "alice")).isZero();
        assertThat(stores.findById("7").orElseThrow().active()).isFalse();
    }

    @Test
    void userEnableAfterDisableThenActiveAgainWithItsEndedSessionsStillEnded() {
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--id", "7")).isZero();
        String session = sessions().start(RULES, new StartRequest("7", "app", null, null)).session().id();
        assertThat(run("", "user", "disable", "alice")).isZero();
        assertThat(run("", "user", "enable", "alice")).isZero();
        assertThat(out.toString().strip()).isEqualTo("enabled alice");
        assertThat(stores.findById("7").orElseThrow().active()).isTrue();
        assertThat(sessions().activeSession(session)).isEmpty();
        assertThat(run("", "user", "enable", "nobody")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rotor: no user nobody");
    }

    @Test
    void userPasswordThenNewHashAndEverySessionOfTheUserEnded() {
        assertThat(run("old\n", "user", "add", "alice", "--password-stdin", "--id", "7")).isZero();
        assertThat(run("pw\n", "user", "add", "bob", "--password-stdin", "--id", "8")).isZero();
        String alices = sessions().start(RULES, new StartRequest("7", "app", null, null)).session().id();
        String bobs = sessions().start(RULES, new StartRequest("8", "app", null, null)).session().id();

        assertThat(run("new secret\n", "user", "password", "alice", "--password-stdin")).isZero();

        assertThat(out.toString().strip()).isEqualTo("password set for alice; their sessions are ended");
        assertThat(stores.findById("7").orElseThrow().passwordHash()).isEqualTo("plain:new secret");
        assertThat(sessions().activeSession(alices)).isEmpty();
        assertThat(sessions().activeSession(bobs)).isPresent();
        assertThat(run("", "user", "password", "alice", "--password-stdin")).as("an empty password").isNotZero();
        assertThat(stores.findById("7").orElseThrow().passwordHash()).isEqualTo("plain:new secret");
    }

    private static final DialectRules RULES = new DialectRules("oauth2", RotationPolicy.ALWAYS,
            Lifetimes.of(Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofDays(1)), 32, 0);

    private SessionService sessions() {
        return new SessionService(stores.tokens(), stores.users(), Clock.systemUTC(), SecurityEvents.NONE);
    }

    @Test
    void userRemoveThenRecordGoneAndSessionsEnded() {
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--id", "7")).isZero();
        var started = sessions().start(RULES, new StartRequest("7", "app", null, null));

        assertThat(run("", "user", "remove", "alice")).isZero();
        assertThat(out.toString()).isEqualTo("removed alice; their sessions are ended" + System.lineSeparator());
        assertThat(stores.findById("7")).isEmpty();
        assertThat(stores.findSession(started.session().id()).orElseThrow().revokedReason()).isEqualTo("user-removed");
        assertThat(run("", "user", "remove", "alice")).isEqualTo(1);
        assertThat(err.toString()).contains("no user alice");
    }

    @Test
    void sessionRevokeUserThenEveryActiveSessionOfThatUserEndsAndTheUserStaysActive() {
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--id", "7")).isZero();
        assertThat(run("pw\n", "user", "add", "bob", "--password-stdin", "--id", "8")).isZero();
        var phone = sessions().start(RULES, new StartRequest("7", "app", null, null));
        var laptop = sessions().start(RULES, new StartRequest("7", "app", null, null));
        var bobs = sessions().start(RULES, new StartRequest("8", "app", null, null));

        assertThat(run("", "session", "revoke", "--user", "alice")).isZero();
        assertThat(out.toString()).isEqualTo("revoked 2 sessions of alice" + System.lineSeparator());
        assertThat(sessions().activeSession(phone.session().id())).isEmpty();
        assertThat(sessions().activeSession(laptop.session().id())).isEmpty();
        assertThat(sessions().activeSession(bobs.session().id())).isPresent();
        assertThat(stores.findById("7").orElseThrow().active()).isTrue();

        assertThat(run("", "session", "revoke", "--user", "alice")).isZero();
        assertThat(out.toString()).isEqualTo("revoked 0 sessions of alice" + System.lineSeparator());
        assertThat(run("", "session", "revoke", bobs.session().id(), "--user", "bob")).isEqualTo(2);
        assertThat(run("", "session", "revoke")).isEqualTo(2);
        assertThat(run("", "session", "revoke", "--user", "nobody")).isEqualTo(1);
        assertThat(sessions().activeSession(bobs.session().id())).isPresent();
    }

    @Test
    void userImportKeepsIdsAndHashes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.jsonl");
        Files.writeString(file, "{\"id\":\"42\",\"username\":\"bob\",\"password\":\"pbkdf2_sha256$1$s$h\",\"active\":true}\n");
        assertThat(run("", "user", "import", file.toString())).isZero();
        assertThat(stores.findById("42").orElseThrow().passwordHash()).isEqualTo("pbkdf2_sha256$1$s$h");
    }

    @Test
    void sessionListThenOneLinePerSessionWithAnAbsentDeviceAsAnEmptyField() {
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--id", "7")).isZero();
        var started = sessions().start(RULES, new StartRequest("7", "app", null, null));

        assertThat(run("", "session", "list", "--user", "alice")).isZero();
        assertThat(out.toString()).matches(java.util.regex.Pattern.quote(started.session().id() + "\toauth2\tapp\t\t")
                + "\\S+\t\\S+\tactive\\R");
    }

    @Test
    void userImportWhenAnyLineIsBadThenNothingIsImportedAndTheLineIsNamed(@TempDir Path dir) throws Exception {
        stores.users().add(new dev.rotor.core.store.User("7", "taken", "taken@example.com", null, null, null, true, null,
                java.time.Instant.EPOCH, null));
        String good = "{\"id\":\"1\",\"username\":\"ann\",\"email\":\"ann@example.com\",\"password\":\"pbkdf2_sha256$1$s$h\"}\n";
        Map<String, String> badSecondLines = Map.of(
                "{\"username\":\"no-id\"}", "line 2: needs a JSON object with id and username",
                "not json", "line 2: needs a JSON object with id and username",
                "{\"id\":\"2\",\"username\":\"bo\",\"password\":\"hunter2\"}",
                "line 2: password is not a hash Rotor verifies (Django pbkdf2_sha256, bcrypt or Argon2id)",
                "{\"id\":\"2\",\"username\":\"ANN\"}", "line 2: the same username as line 1; nothing was imported",
                "{\"id\":\"2\",\"username\":\"bo\",\"email\":\"Ann@Example.com\"}",
                "line 2: the same e-mail as line 1; nothing was imported",
                "{\"id\":\"1\",\"username\":\"bo\"}", "line 2: the same id as line 1; nothing was imported",
                "{\"id\":\"2\",\"username\":\"Taken\"}",
                "line 2: a user with this id, username or e-mail exists already; nothing was imported",
                "{\"id\":\"7\",\"username\":\"bo\"}",
                "line 2: a user with this id, username or e-mail exists already; nothing was imported",
                "{\"id\":\"2\",\"username\":\" \"}",
                "line 2: a username must not be empty, begin or end with white space, or hold control characters: \" \"",
                "{\"id\":\"2\",\"username\":\"bo\",\"email\":\"bo\"}",
                "line 2: an e-mail address must be local@domain with no white space: \"bo\"");
        Path file = dir.resolve("users.jsonl");
        for (Map.Entry<String, String> bad : badSecondLines.entrySet()) {
            Files.writeString(file, good + bad.getKey() + "\n");
            assertThat(run("", "user", "import", file.toString())).as(bad.getKey()).isEqualTo(1);
            assertThat(err.toString()).as(bad.getKey()).isEqualTo("rotor: " + file + " " + bad.getValue() + System.lineSeparator());
            assertThat(stores.findById("1")).as("line 1 of %s", bad.getKey()).isEmpty();
        }
        // A username that is another user's e-mail is no conflict: the store keeps the two apart.
        Files.writeString(file, good + "{\"id\":\"2\",\"username\":\"taken@example.com\"}\n");
        assertThat(run("", "user", "import", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("imported 2 users");
    }

    @Test
    void userAndClientAddWhenTheNameIsEmptyOrPaddedThenUsageErrorAndNothingStored() {
        assertThat(run("pw\n", "user", "add", "", "--password-stdin")).isEqualTo(2);
        assertThat(err.toString()).startsWith("rotor: a username must not be empty");
        assertThat(run("pw\n", "user", "add", " alice", "--password-stdin")).isEqualTo(2);
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--email", "alice")).isEqualTo(2);
        assertThat(err.toString()).startsWith("rotor: an e-mail address must be local@domain");
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--email", "alice @example.com")).isEqualTo(2);
        assertThat(stores.users().list()).isEmpty();

        assertThat(run("", "client", "add", "", "--public")).isEqualTo(2);
        assertThat(err.toString()).startsWith("rotor: a client id must be one or more visible ASCII characters");
        assertThat(run("", "client", "add", "my app", "--public")).isEqualTo(2);
        assertThat(stores.clients().find("")).isEmpty();
        assertThat(stores.clients().find("my app")).isEmpty();

        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--email", "alice@example.com")).isZero();
        assertThat(run("", "client", "add", "my-app", "--public")).isZero();
    }

    @Test
    void clientAddPublicOrSecretThenListedInTheOrderAdded() {
        assertThat(run("", "client", "add", "spa", "--public")).isZero();
        assertThat(run("s3cret\n", "client", "add", "app", "--secret-stdin")).isZero();
        assertThat(stores.find("app").orElseThrow().secretHash()).isEqualTo("plain:s3cret");
        assertThat(run("", "client", "add", "x")).isEqualTo(2);
        assertThat(run("", "client", "list")).isZero();
        assertThat(out.toString()).matches("spa\tpublic\t\\S+Z\\Rapp\tconfidential\t\\S+Z\\R");
    }

    @Test
    void clientSecretThenNewHashStoredAndPublicOrUnknownClientsRefused() {
        assertThat(run("old\n", "client", "add", "app", "--secret-stdin")).isZero();
        assertThat(run("", "client", "add", "spa", "--public")).isZero();

        assertThat(run("new\n", "client", "secret", "app", "--secret-stdin")).isZero();
        assertThat(out.toString()).isEqualTo("new secret set for client app" + System.lineSeparator());
        assertThat(stores.find("app").orElseThrow().secretHash()).isEqualTo("plain:new");

        assertThat(run("new\n", "client", "secret", "spa", "--secret-stdin")).isEqualTo(1);
        assertThat(err.toString()).contains("client spa is public: it has no secret to change");
        assertThat(stores.find("spa").orElseThrow().confidential()).isFalse();
        assertThat(run("new\n", "client", "secret", "nobody", "--secret-stdin")).isEqualTo(1);
        assertThat(err.toString()).contains("no client nobody");
        assertThat(run("", "client", "secret", "app")).isEqualTo(2); // the secret never on the command line
    }

    @Test
    void clientRemoveThenGoneAndItsSessionsEnded() {
        assertThat(run("", "client", "add", "spa", "--public")).isZero();
        assertThat(run("pw\n", "user", "add", "alice", "--password-stdin", "--id", "7")).isZero();
        var started = sessions().start(RULES, new StartRequest("7", "spa", null, null));

        assertThat(run("", "client", "remove", "spa")).isZero();
        assertThat(out.toString()).isEqualTo("removed client spa; its sessions are ended" + System.lineSeparator());
        assertThat(stores.find("spa")).isEmpty();
        assertThat(stores.findSession(started.session().id()).orElseThrow().revokedReason()).isEqualTo("client-removed");
        assertThat(run("", "client", "remove", "spa")).isEqualTo(1);
        assertThat(err.toString()).contains("no client spa");
    }

    @Test
    void helpWhenNoCommandNamedThenEveryCommandIsListed() {
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString()).contains("serve", "user", "client", "session", "keys", "migrate");
    }

    @Test
    void commandMistypedThenOneLineUsageError() {
        assertThat(run("", "sevre")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("rotor: Unmatched argument at index 0: 'sevre'");
    }

    @Test
    void helpOfOneCommandThenItsOwnUsage() {
        assertThat(run("", "user", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: rotor user").contains("disable").contains("import");
    }

    @Test
    void helpWhenAnyCommandThenEveryOptionAndParameterIsDescribed() {
        List<String> undescribed = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> commands = new java.util.ArrayDeque<>(List.of(
                new Main(backend, Map.of(), System.in, System.out, System.err).commandLine()));
        while (!commands.isEmpty()) {
            CommandLine command = commands.pop();
            commands.addAll(command.getSubcommands().values());
            List<CommandLine.Model.ArgSpec> args = new java.util.ArrayList<>(command.getCommandSpec().options());
            args.addAll(command.getCommandSpec().positionalParameters());
            args.stream().filter(arg -> String.join("", arg.description()).isBlank())
                    .forEach(arg -> undescribed.add(command.getCommandSpec().qualifiedName() + " " + arg.paramLabel()));
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void exitCodesAndOneLineErrors() {
        assertThat(run("", "session", "revoke", "nope")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("rotor: no active session nope");
        assertThat(run("", "user", "frobnicate")).isEqualTo(2);
        assertThat(run("", "user", "list", "--config", "/does/not/exist")).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("\tat ");
        assertThat(run("", "keys", "rotate")).isZero();
        assertThat(out.toString().strip()).isEqualTo("kid-oauth2");
        assertThat(run("", "keys", "rotate", "simplejwt", "--revoke-previous")).isZero();
        assertThat(out.toString().strip()).isEqualTo("revoked-before-simplejwt");
    }

    @Test
    void serveWhenThePortIsTakenThenOneLineSaysWhichAndWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run("", "serve", "--port", Integer.toString(taken.getLocalPort()))).isEqualTo(1);
        }
        assertThat(err.toString()).matches("rotor: cannot listen on 127\\.0\\.0\\.1:\\d+: Address already in use\\R");
    }

    @Test
    void serveWhenTheHostDoesNotResolveThenOneLineSaysSo() {
        assertThat(run("", "serve", "--host", "no-such-host.invalid", "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("rotor: cannot listen on no-such-host.invalid:0: no such host" + System.lineSeparator());
    }

    @Test
    void migrateWhenPostgresRefusesThenOneLineSaysWhereAndWhyWithoutItsPasswords() {
        int code = new Main(new ProductionBackend(), Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("migrate", "--store", "postgresql://bob:hunter2@127.0.0.1:1/nodb?sslpassword=hunter3");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("rotor: cannot connect to PostgreSQL at "
                + "jdbc:postgresql://127.0.0.1:1/nodb?sslpassword=*** (ConnectException, SQLState 08001)" + System.lineSeparator());
    }

    @Test
    void serveWhenItsPropertiesAreNotAskedForThenTheirDefaultsAndAnOperatorsChoiceStands() {
        assertThat(Main.SERVE_PROPERTY_DEFAULTS).containsEntry("io.netty.jfr.enabled", "false")
                .containsEntry("slf4j.internal.verbosity", "ERROR");
        Map<String, String> before = new java.util.HashMap<>();
        Main.SERVE_PROPERTY_DEFAULTS.keySet().forEach(name -> before.put(name, System.getProperty(name)));
        try {
            Main.SERVE_PROPERTY_DEFAULTS.keySet().forEach(System::clearProperty);
            Main.setServePropertiesUnlessAsked();
            Main.SERVE_PROPERTY_DEFAULTS.forEach((name, value) -> assertThat(System.getProperty(name)).as(name).isEqualTo(value));

            Main.SERVE_PROPERTY_DEFAULTS.keySet().forEach(name -> System.setProperty(name, "operator's"));
            Main.setServePropertiesUnlessAsked();
            Main.SERVE_PROPERTY_DEFAULTS.keySet().forEach(name -> assertThat(System.getProperty(name)).as(name).isEqualTo("operator's"));
        } finally {
            before.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }
}
