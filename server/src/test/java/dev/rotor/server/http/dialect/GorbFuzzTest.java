package dev.rotor.server.http.dialect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz targets for gorb request parsing: a body gives string fields or a 400 message, never an exception; a token
 * string is accepted only in its one canonical form. Seeds: {@code GorbFuzzTestInputs/<method>/}, replayed by
 * {@code mvn test}.
 */
class GorbFuzzTest {

    @FuzzTest
    void requestBody(byte[] input) {
        GorbRequest.Parsed parsed = GorbRequest.parse(input, List.of("refresh_token", "device_name"));
        if ((parsed.fields() == null) == (parsed.error() == null)) {
            throw new AssertionError("exactly one of fields and error must be set");
        }
        if (parsed.fields() != null && parsed.fields().size() != 2) {
            throw new AssertionError("a field is missing: " + parsed.fields().keySet());
        }
    }

    @FuzzTest
    void token(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        byte[] refresh = GorbTokens.refreshSecret(token);
        if (refresh != null && (refresh.length != 32 || !GorbTokens.encode(refresh).equals(token))) {
            throw new AssertionError("accepted a non-canonical refresh token");
        }
        byte[] access = GorbTokens.accessSecret(token);
        if (access != null && (access.length != 16 || !GorbTokens.encode(access).equals(token))) {
            throw new AssertionError("accepted a non-canonical access token");
        }
    }
}
