package dev.rotor.server.store.jdbc;

import static dev.rotor.server.store.jdbc.Rows.USER_COLUMNS;
import static dev.rotor.server.store.jdbc.Rows.setInstant;

import dev.rotor.core.store.DuplicateException;
import dev.rotor.core.store.User;
import dev.rotor.core.store.UserStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Accounts in SQL. Case-insensitive uniqueness rests on unique indexes over Java-folded key columns, so that the
 * database, not a look-up before the insert, decides a race between two nodes adding the same name.
 */
public final class JdbcUserStore implements UserStore {

    private static final String SELECT = "SELECT " + USER_COLUMNS + " FROM users ";

    private final Database db;

    public JdbcUserStore(Database db) {
        this.db = db;
    }

    /** Whether these users live in {@code database}, so that a token store over it may join them in. */
    boolean readsFrom(Database database) {
        return db == database;
    }

    @Override
    public Optional<User> findById(String id) {
        return db.read(c -> Sql.one(c, SELECT + "WHERE id = ?", ps -> ps.setString(1, id), Rows::user));
    }

    @Override
    public Optional<User> findByLogin(String usernameOrEmail) {
        if (usernameOrEmail == null || usernameOrEmail.isEmpty()) {
            return Optional.empty();
        }
        String key = Rows.key(usernameOrEmail);
        return db.read(c -> {
            Optional<User> byName = Sql.one(c, SELECT + "WHERE username_key = ?", ps -> ps.setString(1, key), Rows::user);
            return byName.isPresent() ? byName
                    : Sql.one(c, SELECT + "WHERE email_key = ?", ps -> ps.setString(1, key), Rows::user);
        });
    }

    @Override
    public void add(User u) {
        db.write(c -> {
            try {
                return Sql.update(c, "INSERT INTO users (" + USER_COLUMNS + ", username_key, email_key) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, u.id());
                            ps.setString(2, u.username());
                            ps.setString(3, u.email());
                            ps.setString(4, u.firstName());
                            ps.setString(5, u.lastName());
                            ps.setString(6, u.role());
                            ps.setBoolean(7, u.active());
                            ps.setString(8, u.passwordHash());
                            setInstant(ps, 9, u.createdAt());
                            setInstant(ps, 10, u.lastLoginAt());
                            ps.setString(11, Rows.key(u.username()));
                            // NULL, not '', for no e-mail: unique indexes allow any number of NULLs.
                            ps.setString(12, u.email().isEmpty() ? null : Rows.key(u.email()));
                        });
            } catch (SQLException e) {
                throw duplicateOr(e, "a user with this id, username or e-mail exists already");
            }
        });
    }

    @Override
    public List<User> list() {
        return db.read(c -> Sql.list(c, SELECT + "ORDER BY " + db.insertionOrder(), ps -> { }, Rows::user));
    }

    @Override
    public boolean setActive(String userId, boolean active) {
        return db.write(c -> Sql.update(c, "UPDATE users SET active = ? WHERE id = ?", ps -> {
            ps.setBoolean(1, active);
            ps.setString(2, userId);
        }) == 1);
    }

    @Override
    public boolean setPasswordHash(String userId, String passwordHash) {
        return db.write(c -> Sql.update(c, "UPDATE users SET password_hash = ? WHERE id = ?", ps -> {
            ps.setString(1, passwordHash);
            ps.setString(2, userId);
        }) == 1);
    }

    @Override
    public void recordLogin(String userId, Instant at) {
        db.write(c -> Sql.update(c, "UPDATE users SET last_login_at = ? WHERE id = ?", ps -> {
            setInstant(ps, 1, at);
            ps.setString(2, userId);
        }));
    }

    @Override
    public boolean remove(String userId) {
        return db.write(c -> Sql.update(c, "DELETE FROM users WHERE id = ?", ps -> ps.setString(1, userId)) == 1);
    }

    private SQLException duplicateOr(SQLException e, String message) {
        if (db.isUniqueViolation(e)) {
            throw new DuplicateException(message);
        }
        return e;
    }
}
