package dev.rotor.server.http.dialect;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.List;

/**
 * Fuzz targets for simplejwt request parsing: any media type and body gives field values or a 400/415 with a body,
 * never an exception; any token text is parsed or refused, never thrown on. Seeds:
 * {@code SimpleJwtFuzzTestInputs/<method>/}, replayed by {@code mvn test}.
 */
class SimpleJwtFuzzTest {

    private static final SimpleJwtTokens TOKENS =
            new SimpleJwtTokens(new SimpleJwtTestCodec(GorbSimpleJwtHarness.SIMPLEJWT_KEY), null, null);

    @FuzzTest
    void request(FuzzedDataProvider data) {
        String contentType = data.consumeBoolean() ? null : data.consumeString(60);
        byte[] body = data.consumeRemainingAsBytes();
        SimpleJwtRequest.Parsed parsed = SimpleJwtRequest.parse(contentType, body, List.of("username", "password"));
        if (parsed.ok()) {
            if (parsed.fields().size() != 2 || parsed.get("username").isBlank()) {
                throw new AssertionError("accepted a missing or blank field");
            }
        } else if ((parsed.status() != 400 && parsed.status() != 415) || parsed.error() == null) {
            throw new AssertionError("unexpected refusal " + parsed.status());
        }
    }

    @FuzzTest
    void token(byte[] input) {
        String token = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        SimpleJwtTokens.Parsed parsed = TOKENS.parse(token, SimpleJwtTokens.REFRESH, Instant.EPOCH);
        if (parsed.ok() == (parsed.problem() != null)) {
            throw new AssertionError("exactly one of token and problem must be set");
        }
    }
}
