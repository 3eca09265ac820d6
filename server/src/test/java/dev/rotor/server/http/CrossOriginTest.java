package dev.rotor.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.server.config.SettingsException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrossOriginTest {

    private static final CrossOrigin APP = CrossOrigin.fromSetting("ROTOR_X", Optional.of("https://app.example.com"), true);

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com", "*", "null", "https://app.example.com/login", "https://app.example.com?x=1",
            "ftp://app.example.com", "https://user@app.example.com", "https://"})
    void settingThatIsNotAnOriginThenStartUpNamesTheSetting(String value) {
        assertThatThrownBy(() -> CrossOrigin.fromSetting("ROTOR_X", Optional.of("https://fine.example, " + value), false))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("ROTOR_X: " + value + " is not an origin");
    }

    @Test
    void settingIsReadAsBrowsersSendOrigin() {
        CrossOrigin c = CrossOrigin.fromSetting("ROTOR_X",
                Optional.of("HTTPS://App.Example.com:443/, http://a.example:80, http://b.example:8080,,"), false);
        assertThat(c.allowed(List.of("https://app.example.com"))).isEqualTo("https://app.example.com");
        assertThat(c.allowed(List.of("http://a.example"))).isEqualTo("http://a.example");
        assertThat(c.allowed(List.of("http://b.example:8080"))).isEqualTo("http://b.example:8080");
        assertThat(c.allowed(List.of("http://b.example"))).isNull();
        assertThat(c.allowed(List.of("https://app.example.com", "https://app.example.com"))).as("two Origin headers").isNull();
        assertThat(CrossOrigin.fromSetting("ROTOR_X", Optional.empty(), false).none()).isTrue();
    }

    @Test
    void answerHeadersNameTheOriginAndCredentialsOnlyWhenCookiesGoAlong() {
        assertThat(APP.answerHeaders("https://app.example.com")).containsEntry("Access-Control-Allow-Origin",
                "https://app.example.com").containsEntry("Access-Control-Allow-Credentials", "true").containsEntry("Vary", "Origin");
        assertThat(CrossOrigin.of(java.util.Set.of("https://app.example.com"), false).answerHeaders("https://app.example.com"))
                .doesNotContainKey("Access-Control-Allow-Credentials");
    }

    @Test
    void preflightIsGrantedOnlyForAnAllowedOriginPostAndSafelistedHeaders() {
        List<String> app = List.of("https://app.example.com");
        assertThat(APP.refusal(app, List.of("POST"), List.of("Content-Type, accept"))).isNull();
        assertThat(APP.refusal(app, List.of("POST"), List.of())).isNull();
        assertThat(APP.refusal(List.of("https://evil.example"), List.of("POST"), List.of())).isEqualTo("Disallowed CORS origin");
        assertThat(APP.refusal(app, List.of("post"), List.of())).isEqualTo("Disallowed CORS method");
        assertThat(APP.refusal(app, List.of("DELETE"), List.of())).isEqualTo("Disallowed CORS method");
        assertThat(APP.refusal(app, List.of("POST"), List.of("authorization"))).isEqualTo("Disallowed CORS headers");
        assertThat(APP.refusal(app, List.of(), List.of())).isEqualTo("Not a CORS preflight request");
        assertThat(APP.refusal(List.of(), List.of("POST"), List.of())).isEqualTo("Not a CORS preflight request");
        assertThat(APP.preflightHeaders("https://app.example.com")).containsEntry("Access-Control-Allow-Methods", "POST")
                .containsEntry("Access-Control-Max-Age", "600").containsKey("Access-Control-Allow-Headers");
    }
}
