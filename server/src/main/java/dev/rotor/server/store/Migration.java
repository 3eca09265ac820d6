package dev.rotor.server.store;

import org.flywaydb.core.api.output.MigrateResult;

/**
 * What opening a store did to its schema, for {@code rotor migrate}: which database, the version before and after,
 * and how many migrations ran (zero when the schema was already current).
 */
public record Migration(String database, String fromVersion, String toVersion, int applied) {

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
