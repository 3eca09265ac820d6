package dev.rotor.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path dir;

    @Test
    void resolveWhenNoSettingThenKeyFileCreatedOwnerOnlyAndReused() throws Exception {
        MasterKey first = MasterKey.resolve(null, dir);
        Path file = dir.resolve("master.key");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(file); // no temporary file left behind
        }

        MasterKey again = MasterKey.resolve("", dir);
        assertThat(again.successorKey()).isEqualTo(first.successorKey());
        assertThat(again.keyEncryptionKey()).isEqualTo(first.keyEncryptionKey());
    }

    @Test
    void resolveWhenDataDirMissingThenCreated() {
        MasterKey key = MasterKey.resolve(null, dir.resolve("a/b"));
        assertThat(dir.resolve("a/b/master.key")).exists();
        assertThat(key.origin()).endsWith("master.key");
    }

    @Test
    void subKeysAre32BytesDistinctAndDeterministic() {
        String b64 = Base64.getEncoder().encodeToString(new byte[32]);
        MasterKey k = MasterKey.fromBase64(b64);
        assertThat(k.keyEncryptionKey()).hasSize(32).isNotEqualTo(k.successorKey());
        assertThat(k.successorKey()).hasSize(32).isEqualTo(MasterKey.fromBase64(b64).successorKey());
        assertThat(k.toString()).doesNotContain(b64);
    }

    @Test
    void fromBase64WhenNotBase64ThenClearError() {
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ROTOR_MASTER_KEY").hasMessageContaining("not valid base64");
    }

    @Test
    void fromBase64WhenWrongLengthThenClearError() {
        String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKey.fromBase64(sixteen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes").hasMessageContaining("exactly 32 bytes");
    }

    @Test
    void writeNewWhenAnotherProcessCreatedTheKeyFirstThenItsKeyIsKept() throws Exception {
        // The path taken where hard links are not supported: it must not replace a key that is already there.
        MasterKey first = MasterKey.resolve(null, dir);
        Path file = dir.resolve("master.key");
        String before = Files.readString(file);
        String other = Base64.getEncoder().encodeToString(new byte[32]) + "\n";

        assertThatThrownBy(() -> MasterKey.writeNew(file, other.getBytes()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(MasterKey.fromFile(file).successorKey()).isEqualTo(first.successorKey());
    }

    @Test
    void writeNewWhenNoKeyYetThenCompleteOwnerOnlyFile() throws Exception {
        Path file = dir.resolve("master.key");
        String text = Base64.getEncoder().encodeToString(new byte[32]) + "\n";
        MasterKey.writeNew(file, text.getBytes());
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void fromFileWhenMalformedThenClearErrorNamingTheFile() throws Exception {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "c2hvcnQ=\n");
        assertThatThrownBy(() -> MasterKey.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    }

    @Test
    void decryptWhenOtherMasterKeyThenClearError() {
        KeyEncryption a = MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32])).keyEncryption();
        KeyEncryption b = MasterKey.resolve(null, dir).keyEncryption();
        byte[] sealed = a.encrypt("kid1", "secret".getBytes());
        assertThat(a.decrypt("kid1", sealed)).isEqualTo("secret".getBytes());
        assertThatThrownBy(() -> b.decrypt("kid1", sealed))
                .isInstanceOf(KeyEncryption.KeyDecryptionException.class)
                .hasMessageContaining("different master key");
        assertThatThrownBy(() -> a.decrypt("kid2", sealed)) // the kid is associated data
                .isInstanceOf(KeyEncryption.KeyDecryptionException.class);
    }
}
