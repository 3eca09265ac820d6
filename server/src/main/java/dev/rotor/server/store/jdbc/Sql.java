package dev.rotor.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers that keep the stores' SQL free of statement and result-set plumbing. */
public final class Sql {

    /** Binds parameters on a prepared statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    public static <T> List<T> list(SqlConnection c, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        try {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } finally {
            c.release(ps);
        }
    }

    public static <T> Optional<T> one(SqlConnection c, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        try {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        } finally {
            c.release(ps);
        }
    }

    /** Runs an insert, update or delete and returns the number of rows it changed. */
    public static int update(SqlConnection c, String sql, Binder binder) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        try {
            binder.bind(ps);
            return ps.executeUpdate();
        } finally {
            c.release(ps);
        }
    }
}
