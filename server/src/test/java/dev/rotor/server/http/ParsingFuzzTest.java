package dev.rotor.server.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rotor.server.http.dialect.oauth2.RefreshTokenFormat;
import java.util.Arrays;

/**
 * Fuzz targets for request parsing: only {@link BadBody} may escape, never another exception. Seeds live in
 * {@code src/test/resources/dev/rotor/server/http/ParsingFuzzTestInputs/<method>/} and are replayed by {@code mvn test}.
 */
class ParsingFuzzTest {

    @FuzzTest
    void jsonBody(byte[] input) {
        try {
            JsonBody body = Bodies.parseJson(input);
            body.problems("username", "password", "refresh");
            body.optionalString("refresh");
        } catch (BadBody expected) {
            // typed refusal: fine
        }
    }

    @FuzzTest
    void formBody(byte[] input) {
        try {
            FormBody form = FormBody.parse(input);
            form.firstRepeated();
            form.single("grant_type");
        } catch (BadBody expected) {
            // typed refusal: fine
        }
    }

    @FuzzTest
    void oauth2RefreshToken(byte[] input) {
        String token = new String(input, java.nio.charset.StandardCharsets.ISO_8859_1);
        RefreshTokenFormat.parse(token).ifPresent(secret -> {
            if (!RefreshTokenFormat.encode(secret).equals(token) || secret.length != 32) {
                throw new AssertionError("accepted a non-canonical token: " + Arrays.toString(input));
            }
        });
    }
}
