package dev.rotor.server.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Golden wire files: first line {@code HTTP <status>}, then header lines that must match exactly ({@code !Name} means
 * the header must be absent), a blank line, and the body (compared as JSON when it parses, else as text).
 */
public final class Golden {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    public static void assertMatches(HttpResponse<String> response, String resource) {
        String golden = read(resource);
        String[] parts = golden.split("\n\n", 2);
        String[] head = parts[0].split("\n");
        assertThat(response.statusCode()).as(resource + " status").isEqualTo(Integer.parseInt(head[0].substring(5).trim()));
        for (int i = 1; i < head.length; i++) {
            String line = head[i];
            if (line.startsWith("!")) {
                assertThat(response.headers().firstValue(line.substring(1))).as(resource + " " + line).isEmpty();
            } else {
                int colon = line.indexOf(':');
                assertThat(response.headers().allValues(line.substring(0, colon)))
                        .as(resource + " header " + line.substring(0, colon)).containsExactly(line.substring(colon + 1).trim());
            }
        }
        String body = parts.length > 1 ? parts[1].strip() : "";
        if (body.isEmpty()) {
            assertThat(response.body()).as(resource + " body").isEmpty();
            return;
        }
        try {
            assertThat(JSON.readTree(response.body())).as(resource + " body").isEqualTo(JSON.readTree(body));
        } catch (IOException e) {
            assertThat(response.body()).as(resource + " body").isEqualTo(body);
        }
    }

    private static String read(String resource) {
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
