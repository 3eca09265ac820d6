package dev.rotor.server.store.jdbc;

import static dev.rotor.server.store.jdbc.Rows.CLIENT_COLUMNS;

import dev.rotor.core.store.Client;
import dev.rotor.core.store.ClientStore;
import dev.rotor.core.store.DuplicateException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth 2.0 clients in SQL; only the hash of a confidential client's secret is stored. Clients that were found are
 * kept in memory: every oauth2 refresh names its client, and that read was 4% of a refresh's CPU. Keeping them is
 * exact because a client, once added, is never changed or removed (ClientStore has no such operation; one that adds
 * it must drop this cache). Ids that were not found are not kept, so a client added by the CLI or by another node
 * is found at its first use.
 */
public final class JdbcClientStore implements ClientStore {

    /** Bounds the memory that requests naming made-up client ids could otherwise not fill (they are not kept). */
    static final int KEPT_CLIENTS = 1024;

    private final Database db;
    private final Map<String, Client> found = new ConcurrentHashMap<>();

    public JdbcClientStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Client> find(String clientId) {
        Client kept = found.get(clientId);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<Client> client = db.read(c -> Sql.one(c, "SELECT " + CLIENT_COLUMNS + " FROM client WHERE id = ?",
                ps -> ps.setString(1, clientId), Rows::client));
        client.ifPresent(this::keep);
        return client;
    }

    private void keep(Client client) {
        if (found.size() >= KEPT_CLIENTS) {
            found.clear(); // more clients than that in use at once is unusual; they are read again as needed
        }
        found.put(client.id(), client);
    }

    @Override
    public void add(Client client) {
        db.write(c -> {
            try {
                return Sql.update(c, "INSERT INTO client (" + CLIENT_COLUMNS + ") VALUES (?, ?, ?)", ps -> {
                    ps.setString(1, client.id());
                    ps.setString(2, client.secretHash());
                    Rows.setInstant(ps, 3, client.createdAt());
                });
            } catch (SQLException e) {
                if (db.isUniqueViolation(e)) {
                    throw new DuplicateException("a client with this id exists already");
                }
                throw e;
            }
        });
    }

    @Override
    public List<Client> listClients() {
        return db.read(c -> Sql.list(c, "SELECT " + CLIENT_COLUMNS + " FROM client ORDER BY " + db.insertionOrder(),
                ps -> { }, Rows::client));
    }
}
