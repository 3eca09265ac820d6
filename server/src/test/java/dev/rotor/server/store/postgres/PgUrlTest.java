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
