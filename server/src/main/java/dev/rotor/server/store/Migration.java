package dev.rotor.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * What opening a store did to its schema, for {@code rotor migrate}: which database, the version before and after,
 * and how many migrations ran (zero when the schema was already current).
 */
public record Migration(String database, String fromVersion, String toVersion, int applied) {

    /** The newest version among the migrations this build ships under db/migration/ (MigrationTest keeps it so). */
    public static final String LATEST_VERSION = "3";

    /**
     * The schema's state when Flyway's history says it is at {@link #LATEST_VERSION} already, else empty (no history
     * yet, another version, or a failed last migration): then Flyway must run. Loading Flyway only to learn that there
     * is nothing to do was about 100 ms of a start; {@code rotor migrate} and every real upgrade still go through it.
     */
    public static Optional<Migration> alreadyLatest(Connection connection, String database) {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history "
                     + "WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (rs.next() && rs.getBoolean(2) && LATEST_VERSION.equals(rs.getString(1))) {
                return Optional.of(new Migration(database, LATEST_VERSION, LATEST_VERSION, 0));
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.empty(); // no history table yet: a new database
        }
    }

    public static Migration of(String database, MigrateResult result) {
        String from = result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion;
        String to = result.targetSchemaVersion == null ? from : result.targetSchemaVersion;
        return new Migration(database, from, to, result.migrationsExecuted);
    }

    /** One line for the operator, e.g. "PostgreSQL jdbc:postgresql://db/rotor: applied 1 migration, empty -> 1". */
    public String describe() {
        if (applied == 0) {
            return database + ": schema already at version " + toVersion + ", nothing to do";
        }
        return database + ": applied " + applied + (applied == 1 ? " migration" : " migrations") + ", schema "
                + fromVersion + " -> " + toVersion;
    }
}
