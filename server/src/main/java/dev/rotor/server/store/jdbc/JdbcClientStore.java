package dev.rotor.server.store.jdbc;

import static dev.rotor.server.store.jdbc.Rows.CLIENT_COLUMNS;

import dev.rotor.core.store.Client;
import dev.rotor.core.store.ClientStore;
import dev.rotor.core.store.DuplicateException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * OAuth 2.0 clients in SQL; only the hash of a confidential client's secret is stored. A client that was found is
 * kept in memory for {@link #KEPT_FOR}: every oauth2 refresh names its client, and reading it each time was 4% of a
 * refresh's CPU. The bound is what makes a change by another process (the CLI, or another node) take effect: a
 * changed secret or a removed client is read again within a second. Ids that were not found are not kept, so a client
 * added elsewhere is found at its first use.
 */
public final class JdbcClientStore implements ClientStore {

    /** How long a client read is trusted; changes made in this process take effect at once. */
    static final Duration KEPT_FOR = Duration.ofSeconds(1);

    /** Bounds the memory that requests naming made-up client ids could otherwise not fill (they are not kept). */
    static final int KEPT_CLIENTS = 1024;

    private record Kept(Client client, long readAtNanos) {
    }

    private final Database db;
    private final LongSupplier nanoTime;
    private final Map<String, Kept> found = new ConcurrentHashMap<>();

    public JdbcClientStore(Database db) {
        this(db, System::nanoTime);
    }

    /** {@code nanoTime} is a monotonic clock in nanoseconds, as {@link System#nanoTime()} (given by tests). */
    public JdbcClientStore(Database db, LongSupplier nanoTime) {
        this.db = db;
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<Client> find(String clientId) {
        long now = nanoTime.getAsLong();
        Kept kept = found.get(clientId);
        if (kept != null && now - kept.readAtNanos() < KEPT_FOR.toNanos()) {
            return Optional.of(kept.client());
        }
        Optional<Client> client = db.read(c -> Sql.one(c, "SELECT " + CLIENT_COLUMNS + " FROM client WHERE id = ?",
                ps -> ps.setString(1, clientId), Rows::client));
        if (client.isPresent()) {
            keep(new Kept(client.get(), now));
        } else {
            found.remove(clientId);
        }
        return client;
    }

    private void keep(Kept kept) {
        if (found.size() >= KEPT_CLIENTS) {
            found.clear(); // more clients than that in use at once is unusual; they are read again as needed
        }
        found.put(kept.client().id(), kept);
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
    public boolean changeSecret(String clientId, String secretHash) {
        Objects.requireNonNull(secretHash, "secretHash");
        try {
            return db.write(c -> Sql.update(c, "UPDATE client SET secret_hash = ? WHERE id = ? AND secret_hash IS NOT NULL",
                    ps -> {
                        ps.setString(1, secretHash);
                        ps.setString(2, clientId);
                    }) == 1);
        } finally {
            found.remove(clientId);
        }
    }

    @Override
    public boolean remove(String clientId, Instant at) {
        // Sessions have no index by client: for an operation this rare a scan costs less than an index that every
        // login would have to update.
        try {
            return db.write(c -> {
                if (Sql.update(c, "DELETE FROM client WHERE id = ?", ps -> ps.setString(1, clientId)) == 0) {
                    return false;
                }
                Sql.update(c, "UPDATE session SET revoked_at = ?, revoked_reason = 'client-removed' "
                        + "WHERE client_id = ? AND revoked_at IS NULL", ps -> {
                            Rows.setInstant(ps, 1, at);
                            ps.setString(2, clientId);
                        });
                return true;
            });
        } finally {
            found.remove(clientId);
        }
    }

    @Override
    public List<Client> listClients() {
        return db.read(c -> Sql.list(c, "SELECT " + CLIENT_COLUMNS + " FROM client ORDER BY " + db.insertionOrder(),
                ps -> { }, Rows::client));
    }
}
