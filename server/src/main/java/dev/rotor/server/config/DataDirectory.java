package dev.rotor.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** The data directory ({@code ROTOR_DATA}): the SQLite database and, without {@code ROTOR_MASTER_KEY}, the key file. */
public final class DataDirectory {

    private DataDirectory() {
    }

    /**
     * Creates {@code dir}, and any missing parent, open to its owner only (0700) where the file system has POSIX
     * permissions. It holds password hashes, session records and the key that decrypts the signing keys, and SQLite
     * creates its files under the process's umask: 0644 under the usual 022, readable by every local user of a
     * 0755 directory. A directory that exists already is left as its operator made it.
     */
    public static void create(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
        }
    }

    /** What a new file in {@code dir} is created with to be open to its owner only (0600): the master key file. */
    public static FileAttribute<?>[] ownerOnlyFile(Path dir) {
        return ownerOnly(dir, "rw-------");
    }

    private static FileAttribute<?>[] ownerOnly(Path path, String permissions) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    }
}
