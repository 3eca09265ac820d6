package dev.rotor.server.cli;

import dev.rotor.core.session.Session;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.Stores;
import dev.rotor.server.config.Settings;
import dev.rotor.server.crypto.MasterKey;
import dev.rotor.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rotor client|session|keys|migrate|backup}. */
final class AdminCommands {

    private AdminCommands() {
    }

    @Command(name = "client", description = "Manage OAuth 2.0 clients.")
    static final class ClientGroup {
    }

    @Command(name = "session", description = "Inspect and end sessions.")
    static final class SessionGroup {
    }

    @Command(name = "keys", description = "Signing keys.")
    static final class KeysGroup {
    }

    @Command(name = "add", description = "Add a client: public, or confidential with a secret read from standard input.")
    static final class ClientAdd extends UserCommands.StoreCommand {
        @Parameters(paramLabel = "ID", description = "Client id, as clients send it (client_id)") String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Kind kind;

        static final class Kind {
            @Option(names = "--public", required = true, description = "A client with no secret (a browser or mobile app)") boolean publicClient;
            @Option(names = "--secret-stdin", required = true, description = "Read the client's secret from standard input") boolean secretStdin;
        }

        ClientAdd(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            Identifiers.clientId(id);
            String hash = kind.secretStdin ? cli.backend.passwords().hash(cli.secretFromStdin("client secret").toCharArray()) : null;
            stores.clients().add(new Client(id, hash, Instant.now()));
            cli.out.println("added " + (hash == null ? "public" : "confidential") + " client " + id);
        }
    }

    @Command(name = "secret", description = "Give a confidential client a new secret, read from standard input; the old "
            + "one stops working within a second, the client's sessions go on.")
    static final class ClientSecret extends UserCommands.StoreCommand {
        @Parameters(paramLabel = "ID", description = "Client id") String id;
        @Option(names = "--secret-stdin", required = true, description = "Read the new secret from standard input") boolean stdin;

        ClientSecret(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            Client client = stores.clients().find(id).orElseThrow(() -> new IllegalStateException("no client " + id));
            if (!client.confidential()) {
                throw new IllegalStateException("client " + id + " is public: it has no secret to change");
            }
            String hash = cli.backend.passwords().hash(cli.secretFromStdin("client secret").toCharArray());
            if (!stores.clients().changeSecret(id, hash)) {
                throw new IllegalStateException("no confidential client " + id); // removed meanwhile
            }
            cli.out.println("new secret set for client " + id);
        }
    }

    @Command(name = "remove", description = "Remove a client and end its sessions.")
    static final class ClientRemove extends UserCommands.StoreCommand {
        @Parameters(paramLabel = "ID", description = "Client id") String id;

        ClientRemove(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            if (!stores.clients().remove(id, Instant.now())) {
                throw new IllegalStateException("no client " + id);
            }
            cli.out.println("removed client " + id + "; its sessions are ended");
        }
    }

    @Command(name = "list", description = "List clients: id, public or confidential, when added.")
    static final class ClientList extends UserCommands.StoreCommand {
        ClientList(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            for (Client c : stores.clients().listClients()) {
                cli.out.println(String.join("\t", c.id(), c.confidential() ? "confidential" : "public",
                        c.createdAt().toString()));
            }
        }
    }

    @Command(name = "list", description = "List a user's sessions, newest first.")
    static final class SessionList extends UserCommands.StoreCommand {
        @Option(names = "--user", required = true, paramLabel = "NAME", description = "Username") String user;

        SessionList(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            for (Session s : sessions(stores).sessionsOf(user(stores, user).id())) {
                // An absent client or device is an empty field, as user list prints an absent e-mail.
                cli.out.println(String.join("\t", s.id(), s.dialect(), Objects.toString(s.clientId(), ""),
                        Objects.toString(s.deviceName(), ""),
                        s.createdAt().toString(), s.lastUsedAt().toString(),
                        s.revoked() ? "revoked:" + s.revokedReason() : (s.expiredAt(Instant.now()) ? "expired" : "active")));
            }
        }
    }

    @Command(name = "revoke", description = "End a session, or every session of a user (a lost phone: they can "
            + "still log in).")
    static final class SessionRevoke extends UserCommands.StoreCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Parameters(paramLabel = "ID", description = "Session id, as session list shows it") String id;
            @Option(names = "--user", required = true, paramLabel = "NAME", description = "Username") String user;
        }

        SessionRevoke(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            if (target.user != null) {
                int ended = stores.tokens().revokeUserSessions(user(stores, target.user).id(), "admin", Instant.now());
                cli.out.println("revoked " + ended + " session" + (ended == 1 ? "" : "s") + " of " + target.user);
                return;
            }
            if (!sessions(stores).revoke(target.id, "admin")) {
                throw new IllegalStateException("no active session " + target.id);
            }
            cli.out.println("revoked " + target.id);
        }
    }

    @Command(name = "list", description = "List signing keys.")
    static final class KeysList extends UserCommands.StoreCommand {
        KeysList(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            cli.backend.keys(settings, stores).list().forEach(cli.out::println);
        }
    }

    @Command(name = "rotate", description = "Add a new signing key; old public keys stay until their tokens expire.")
    static final class KeysRotate extends UserCommands.StoreCommand {
        @Parameters(paramLabel = "PURPOSE", arity = "0..1", defaultValue = "oauth2",
                description = "Key ring, as keys list names it (default: oauth2)") String purpose;
        @Option(names = "--revoke-previous", description = "After a leak: the ring's earlier keys stop verifying now "
                + "(running servers within 30 s), so every token they signed stops working and its user logs in again")
        boolean revokePrevious;

        KeysRotate(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            cli.out.println(cli.backend.keys(settings, stores).rotate(purpose, revokePrevious));
        }
    }

    @Command(name = "migrate", description = "Create or upgrade the store's schema.")
    static final class Migrate extends UserCommands.StoreCommand {
        Migrate(Cli cli) {
            super(cli);
        }

        @Override
        void run(Settings settings, Stores stores) {
            // Opening the store ran the migrations (Flyway, under its own lock): say what that did.
            cli.out.println(cli.backend.migration(stores));
            if (!stores.healthy()) {
                throw new IllegalStateException("the store was migrated but does not answer now");
            }
        }
    }

    @Command(name = "backup", description = "Write a consistent copy of the embedded SQLite store to a new file, even "
            + "while a server runs on it.")
    static final class Backup implements Runnable {
        @Mixin
        Cli.StoreOptions store = new Cli.StoreOptions();
        @Parameters(paramLabel = "FILE", description = "The file to write: a new one, never an existing one") Path file;
        private final Cli cli;

        Backup(Cli cli) {
            this.cli = cli;
        }

        @Override
        public void run() {
            Settings settings = cli.settings(store, Map.of());
            if (settings.storeUrl() != null) {
                throw new IllegalArgumentException("backup copies the embedded SQLite store; back up a PostgreSQL "
                        + "store with pg_dump");
            }
            long bytes = SqliteStores.backup(settings.data(), file);
            cli.out.println("wrote " + file + " (" + bytes + " bytes)");
            if (settings.masterKey() == null || settings.masterKey().isBlank()) {
                // The copy's signing keys are encrypted with it, and grace-period successors derive from it.
                cli.out.println("keep a copy of " + settings.data().resolve(MasterKey.FILE_NAME)
                        + " as well: the backup cannot be used without it");
            }
        }
    }
}
