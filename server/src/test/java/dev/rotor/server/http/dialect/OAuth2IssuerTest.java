package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.server.config.SettingsException;
import dev.rotor.server.http.support.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OAuth 2.0 issuer when none is set: the address Rotor listens on, unless that address is every address. */
class OAuth2IssuerTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"})
    void listeningOnEveryAddressWithoutAnIssuerThenStartUpAsksForIt(String host) {
        // TestServer sets an issuer; a blank value is no value
        assertThatThrownBy(() -> new TestServer(Map.of("ROTOR_HOST", host, "ROTOR_OAUTH2_ISSUER", "")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ROTOR_OAUTH2_ISSUER must be set when ROTOR_HOST is " + host);
    }

    @Test
    void listeningOnEveryAddressWithAnIssuerThenTheMetadataNamesIt() throws Exception {
        try (TestServer server = new TestServer(Map.of("ROTOR_HOST", "0.0.0.0", "ROTOR_OAUTH2_ISSUER", "https://id.example"))) {
            String metadata = server.send(HttpRequest.newBuilder(
                    URI.create(server.url("/.well-known/oauth-authorization-server"))).GET().build()).body();
            assertThat(new ObjectMapper().readTree(metadata).get("issuer").asText()).isEqualTo("https://id.example");
        }
    }

    @Test
    void listeningOnEveryAddressWithOAuth2OffThenNoIssuerIsNeeded() {
        try (TestServer server = new TestServer(Map.of("ROTOR_HOST", "0.0.0.0", "ROTOR_OAUTH2_ISSUER", "",
                "ROTOR_DIALECTS", "simplejwt"))) {
            assertThat(server.rotor.port()).isPositive();
        }
    }

    @Test
    void listeningOnOneAddressWithoutAnIssuerThenThatAddressIsTheIssuer() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (TestServer server = new TestServer(Map.of("ROTOR_HOST", "127.0.0.1", "ROTOR_PORT", Integer.toString(port),
                "ROTOR_OAUTH2_ISSUER", ""))) {
            String metadata = server.send(HttpRequest.newBuilder(
                    URI.create(server.url("/.well-known/oauth-authorization-server"))).GET().build()).body();
            assertThat(new ObjectMapper().readTree(metadata).get("issuer").asText()).isEqualTo("http://127.0.0.1:" + port);
        }
    }
}
