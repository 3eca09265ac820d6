package dev.rotor.server.store.postgres;

import dev.rotor.server.store.jdbc.JdbcStores;

/** The store for several nodes: PostgreSQL, where rotation and reuse detection stay exactly-once across processes. */
public final class PostgresStores {

    /** Connections per process unless told otherwise. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private PostgresStores() {
    }

    /** Connects to {@code url} ({@code postgresql://…} or {@code jdbc:postgresql://…}) and migrates the schema. */
    public static JdbcStores open(String url) {
        return open(url, DEFAULT_POOL_SIZE);
    }

    public static JdbcStores open(String url, int poolSize) {
        return new JdbcStores(PostgresDatabase.open(url, poolSize));
    }
}
