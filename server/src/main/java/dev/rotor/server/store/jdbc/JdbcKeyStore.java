package dev.rotor.server.store.jdbc;

import static dev.rotor.server.store.jdbc.Rows.KEY_COLUMNS;
import static dev.rotor.server.store.jdbc.Rows.setInstant;

import dev.rotor.core.store.KeyStore;
import dev.rotor.core.store.StoredKey;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Encrypted signing keys in SQL, so that every node sharing the database signs with the same key set. */
public final class JdbcKeyStore implements KeyStore {

    private final Database db;

    public JdbcKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public List<StoredKey> all() {
        return db.read(c -> Sql.list(c, "SELECT " + KEY_COLUMNS + " FROM signing_key ORDER BY created_at, "
                + db.insertionOrder(), ps -> { }, Rows::key));
    }

    @Override
    public void rotateTo(StoredKey key, Instant retiredAt, Instant previousVerifyUntil) {
        db.write(c -> {
            Sql.update(c, "UPDATE signing_key SET retired_at = ?, verify_until = ? "
                    + "WHERE purpose = ? AND retired_at IS NULL", ps -> {
                        setInstant(ps, 1, retiredAt);
                        setInstant(ps, 2, previousVerifyUntil);
                        ps.setString(3, key.purpose());
                    });
            return insert(c, key);
        });
    }

    @Override
    public void revokeAndRotateTo(StoredKey key, Instant lastVerifies) {
        db.write(c -> {
            Sql.update(c, "UPDATE signing_key SET retired_at = COALESCE(retired_at, ?), verify_until = ? "
                    + "WHERE purpose = ? AND (verify_until IS NULL OR verify_until > ?)", ps -> {
                        setInstant(ps, 1, lastVerifies);
                        setInstant(ps, 2, lastVerifies);
                        ps.setString(3, key.purpose());
                        setInstant(ps, 4, lastVerifies);
                    });
            return insert(c, key);
        });
    }

    private static int insert(SqlConnection c, StoredKey key) throws SQLException {
        return Sql.update(c, "INSERT INTO signing_key (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, key.kid());
            ps.setString(2, key.purpose());
            ps.setString(3, key.algorithm());
            ps.setBytes(4, key.encryptedKey());
            setInstant(ps, 5, key.createdAt());
            setInstant(ps, 6, key.retiredAt());
            setInstant(ps, 7, key.verifyUntil());
        });
    }

    @Override
    public int purgeRetired(Instant now) {
        // Strictly before now, as the reference store does: a key is kept through its last verifiable instant.
        return db.write(c -> Sql.update(c, "DELETE FROM signing_key WHERE verify_until IS NOT NULL AND verify_until < ?",
                ps -> setInstant(ps, 1, now)));
    }
}
