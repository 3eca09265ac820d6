package dev.rotor.server.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The store URL forms operators write, turned into what the JDBC driver wants. */
class PgUrlTest {

    @Test
    void parseWhenLibpqFormThenJdbcUrlAndCredentialsApart() {
        PgUrl url = PgUrl.parse("postgresql://rotor:s%40cret@db.example:6432/tokens?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/tokens?sslmode=require");
        assertThat(url.user()).isEqualTo("rotor");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("cret");
    }

    @Test
    void redactedUrlWhenPasswordsAreUrlParametersThenTheirValuesAreMasked() {
        PgUrl url = PgUrl.parse("jdbc:postgresql://h:5432/db?user=u&password=hunter2&sslmode=require&SSLPASSWORD=k3y&currentSchema=s");

        assertThat(url.redactedUrl()).isEqualTo(
                "jdbc:postgresql://h:5432/db?user=u&password=***&sslmode=require&SSLPASSWORD=***&currentSchema=s");
        assertThat(url.toString()).doesNotContain("hunter2").doesNotContain("k3y");
        assertThat(PgUrl.parse("postgresql://h/db?password=hunter2").redactedUrl()).isEqualTo("jdbc:postgresql://h:5432/db?password=***");
        assertThat(PgUrl.parse("postgresql://h/db?passwordless=yes").redactedUrl()).isEqualTo("jdbc:postgresql://h:5432/db?passwordless=yes");
    }

    @Test
    void parseWhenNoPortNoPasswordThenDefaults() {
        PgUrl url = PgUrl.parse("postgres://user@localhost/db");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db");
        assertThat(url.user()).isEqualTo("user");
        assertThat(url.password()).isNull();
    }

    @Test
    void parseWhenJdbcFormThenKeptAsIs() {
        PgUrl url = PgUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        assertThat(url.user()).isNull();
    }

    @Test
    void parseWhenPasswordHasPlusThenKeptLiterally() {
        assertThat(PgUrl.parse("postgresql://u:a+b@h/db").password()).isEqualTo("a+b");
    }

    @Test
    void parseWhenOtherSchemeOrNoDatabaseThenRefused() {
        assertThatThrownBy(() -> PgUrl.parse("mysql://u@h/db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgUrl.parse("postgresql://u@h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgUrl.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
