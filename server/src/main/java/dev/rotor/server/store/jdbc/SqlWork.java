package dev.rotor.server.store.jdbc;

import java.sql.SQLException;

/** A unit of SQL run on a connection that a {@link Database} lends for one read or one write transaction. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(SqlConnection connection) throws SQLException;
}
