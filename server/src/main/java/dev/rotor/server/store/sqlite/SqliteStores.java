package dev.rotor.server.store.sqlite;

import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.server.config.DataDirectory;
import dev.rotor.server.store.jdbc.JdbcStores;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** The embedded default store: {@code <dataDir>/rotor.db}, WAL, fsync on commit, one group-committing writer. */
public final class SqliteStores {

    /** File name of the database inside the data directory. */
    public static final String FILE_NAME = "rotor.db";

    private SqliteStores() {
    }

    /** Opens (creating and migrating if needed) the database in {@code dataDir}. */
    public static JdbcStores open(Path dataDir) {
        return new JdbcStores(SqliteDatabase.open(dataDir));
    }

    /**
     * Writes a consistent copy of the database in {@code dataDir} to the new file {@code target}, even while a server
     * writes to it: copying {@code rotor.db} itself would miss what is still in its write-ahead log, or catch a
     * checkpoint halfway. {@code VACUUM INTO} reads one snapshot, as any reader does, and writes it compacted. The
     * copy is open to its owner only (it holds password hashes and the encrypted signing keys), synced to disk, and
     * checked; a copy that fails is removed. Returns its size in bytes.
     */
    public static long backup(Path dataDir, Path target) {
        Path database = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(database)) {
            throw new StoreUnavailableException("no SQLite store at " + database.toAbsolutePath(), null);
        }
        Path parent = target.toAbsolutePath().getParent();
        try {
            // An empty file is what VACUUM INTO may write into; creating it first sets its permissions.
            Files.createFile(target, DataDirectory.ownerOnlyFile(parent));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(target + " exists: a backup never replaces a file");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no directory " + parent + " to write " + target.getFileName() + " in");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + target + ": " + e.getClass().getSimpleName(), e);
        }
        boolean written = false;
        try {
            try (Connection source = SqliteDatabase.connect("jdbc:sqlite:" + database.toAbsolutePath(), false);
                 PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, target.toAbsolutePath().toString());
                vacuum.execute();
            }
            try (FileChannel copy = FileChannel.open(target, StandardOpenOption.WRITE)) {
                copy.force(true); // VACUUM INTO does not sync what it writes
            }
            SQLiteConfig readOnly = new SQLiteConfig();
            readOnly.setReadOnly(true); // the check must not change the copy, not even its journal mode
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + target.toAbsolutePath(), readOnly.toProperties());
                 Statement st = copy.createStatement(); ResultSet check = st.executeQuery("PRAGMA quick_check")) {
                String result = check.next() ? check.getString(1) : "no answer";
                if (!"ok".equals(result)) {
                    throw new IllegalStateException("the copy in " + target + " failed its check: " + result);
                }
            }
            written = true;
            return Files.size(target);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot copy " + database.toAbsolutePath() + " to " + target, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot sync " + target + ": " + e.getClass().getSimpleName(), e);
        } finally {
            if (!written) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException e) {
                    // the failure being reported matters more; the half-written file is named in its message
                }
            }
        }
    }
}
