package dev.rotor.server.store.jdbc;

import static dev.rotor.server.store.jdbc.Rows.CLIENT_COLUMNS;

import dev.rotor.core.store.Client;
import dev.rotor.core.store.ClientStore;
import dev.rotor.core.store.DuplicateException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** OAuth 2.0 clients in SQL; only the hash of a confidential client's secret is stored. */
public final class JdbcClientStore implements ClientStore {

    private final Database db;

    public JdbcClientStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Client> find(String clientId) {
        return db.read(c -> Sql.one(c, "SELECT " + CLIENT_COLUMNS + " FROM client WHERE id = ?",
                ps -> ps.setString(1, clientId), Rows::client));
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
