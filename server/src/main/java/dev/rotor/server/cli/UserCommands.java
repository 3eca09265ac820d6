package dev.rotor.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.User;
import dev.rotor.server.config.Settings;
import dev.rotor.server.crypto.Passwords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rotor user add|list|disable|enable|password|import}. */
final class UserCommands {

    private UserCommands() {
    }

    @Command(name = "user", description = "Manage users.", subcommands = {})
    static final class Group {
    }

    /** Base: opens the store for the duration of one command. */
    abstract static class StoreCommand implements Runnable {
        @Mixin
        Cli.StoreOptions store = new Cli.StoreOptions();
        final Cli cli;

        StoreCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public final void run() {
            Settings settings = cli.settings(store, Map.of());
            try (Stores stores = cli.backend.open(settings)) {
                run(settings, stores);
            }
        }

        abstract void run(Settings settings, Stores stores);

        static User user(Stores stores, String name) {
            return stores.users().findByLogin(name)
                    .orElseThrow(() -> new IllegalStateException("no user " + name));
        }

        static SessionService sessions(Stores stores) {
            return new SessionService(stores.tokens(), stores.users(), Clock.systemUTC(), SecurityEvents.NONE);
        }
    }

    @Command(name = "add", description = "Add a user; the password is read from standard input.")
    static final class Add extends StoreCommand {
        @Parameters(paramLabel = "NAME", description = "Username: the name the user logs in with") String name;
        @Option(names = "--password-stdin", required = true, description = "Read the password from standard input") boolean stdin;
        @Option(names = "--email", paramLabel = "E", description = "Email address, for the dialects whose tokens carry it") String email;
        @Option(names = "--first-name", paramLabel = "F", description = "Given name, likewise") String firstName;
        @Option(names = "--last-name", paramLabel = "L", description = "Family name, likewise") String lastName;
        @Option(names = "--role", paramLabel = "R", description = "Role, for the dialects whose tokens carry one") String role;
        @Option(names = "--id", paramLabel = "ID", description = "Keep this id (default: a random UUID)") String id;

        Add(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            Identifiers.username(name);
            Identifiers.email(email);
            String hash = cli.backend.passwords().hash(cli.secretFromStdin("password").toCharArray());
            String userId = id == null ? UUID.randomUUID().toString() : id;
            stores.users().add(new User(userId, name, email, firstName, lastName, role, true, hash, Instant.now(), null));
            cli.out.println(userId);
        }
    }

    @Command(name = "list", description = "List users.")
    static final class ListUsers extends StoreCommand {
        ListUsers(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            for (User u : stores.users().list()) {
                cli.out.println(String.join("\t", u.id(), u.username(), u.email(), u.role(), u.active() ? "active" : "disabled"));
            }
        }
    }

    @Command(name = "disable", description = "Disable a user and end all their sessions.")
    static final class Disable extends StoreCommand {
        @Parameters(paramLabel = "NAME", description = "Username") String name;

        Disable(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            sessions(stores).disableUser(user(stores, name).id());
            cli.out.println("disabled " + name);
        }
    }

    @Command(name = "enable", description = "Let a disabled user log in again (their ended sessions stay ended).")
    static final class Enable extends StoreCommand {
        @Parameters(paramLabel = "NAME", description = "Username") String name;

        Enable(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            stores.users().setActive(user(stores, name).id(), true);
            cli.out.println("enabled " + name);
        }
    }

    @Command(name = "password", description = "Set a user's password, read from standard input, and end all their "
            + "sessions.")
    static final class Password extends StoreCommand {
        @Parameters(paramLabel = "NAME", description = "Username") String name;
        @Option(names = "--password-stdin", required = true, description = "Read the password from standard input") boolean stdin;

        Password(Cli cli) {
            super(cli);
        }

        /** Whoever knew the old password may hold a session: a new password ends them all (CORE.md "Revocation"). */
        @Override
        void run(Settings settings, Stores stores) {
            String userId = user(stores, name).id();
            String hash = cli.backend.passwords().hash(cli.secretFromStdin("password").toCharArray());
            sessions(stores).changePassword(userId, hash);
            cli.out.println("password set for " + name + "; their sessions are ended");
        }
    }

    @Command(name = "remove", description = "Remove a user's record (name, e-mail, password hash) and end all their "
            + "sessions.")
    static final class Remove extends StoreCommand {
        @Parameters(paramLabel = "NAME", description = "Username") String name;

        Remove(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            if (!sessions(stores).removeUser(user(stores, name).id())) {
                throw new IllegalStateException("no user " + name); // removed meanwhile
            }
            cli.out.println("removed " + name + "; their sessions are ended");
        }
    }

    @Command(name = "import", description = "Import users from JSON lines with existing password hashes, keeping ids.")
    static final class Import extends StoreCommand {
        @Parameters(paramLabel = "FILE", description = "JSON lines: id, username, email, first_name, last_name, role, "
                + "active, password (a Django pbkdf2_sha256, bcrypt or Argon2id hash)") Path file;

        Import(Cli cli) {
            super(cli);
        }

        /**
         * Every line is read and checked, against the others and against the store, before any user is added: a
         * file with a bad line imports nothing, so it can be mended and run again.
         */
        @Override
        void run(Settings settings, Stores stores) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file);
            }
            ObjectMapper json = new ObjectMapper();
            List<User> users = new ArrayList<>();
            Map<String, Integer> firstLineOf = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String where = file + " line " + (i + 1) + ": ";
                User user;
                try {
                    JsonNode n = json.readTree(lines.get(i));
                    user = new User(n.path("id").asText(null), n.path("username").asText(null), n.path("email").asText(null),
                            n.path("first_name").asText(null), n.path("last_name").asText(null), n.path("role").asText(null),
                            n.path("active").asBoolean(true), n.path("password").asText(null), Instant.now(), null);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException(where + "needs a JSON object with id and username");
                }
                try {
                    Identifiers.username(user.username());
                    Identifiers.email(user.email());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(where + e.getMessage());
                }
                if (user.passwordHash() != null && !Passwords.canVerify(user.passwordHash())) {
                    throw new IllegalStateException(where + "password is not a hash Rotor verifies "
                            + "(Django pbkdf2_sha256, bcrypt or Argon2id)");
                }
                for (String key : uniqueKeys(user)) {
                    Integer earlier = firstLineOf.putIfAbsent(key, i + 1);
                    if (earlier != null) {
                        throw new IllegalStateException(where + "the same " + key.substring(0, key.indexOf(' '))
                                + " as line " + earlier + "; nothing was imported");
                    }
                }
                if (existsAlready(stores, user)) {
                    throw new IllegalStateException(where + "a user with this id, username or e-mail exists already; "
                            + "nothing was imported");
                }
                users.add(user);
            }
            users.forEach(stores.users()::add);
            cli.out.println("imported " + users.size() + " users");
        }

        /** What the store keeps unique: the id, and the {@link #key} of username and e-mail. */
        private static List<String> uniqueKeys(User user) {
            List<String> keys = new ArrayList<>(List.of("id " + user.id(), "username " + key(user.username())));
            if (!user.email().isEmpty()) {
                keys.add("e-mail " + key(user.email()));
            }
            return keys;
        }

        private static boolean existsAlready(Stores stores, User user) {
            // findByLogin matches a username or an e-mail; only a match of the same kind is a conflict.
            return stores.users().findById(user.id()).isPresent()
                    || stores.users().findByLogin(user.username())
                            .filter(u -> key(u.username()).equals(key(user.username()))).isPresent()
                    || !user.email().isEmpty() && stores.users().findByLogin(user.email())
                            .filter(u -> key(u.email()).equals(key(user.email()))).isPresent();
        }

        /** A name as schema V1 keys it unique (username_key, email_key): its Locale.ROOT lower case. */
        private static String key(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
