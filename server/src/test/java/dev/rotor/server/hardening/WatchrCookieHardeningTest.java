package dev.rotor.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.http.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cookie dialect (watchr) under hostile cookies: duplicates (in one header and across headers), CR/LF smuggling,
 * encoded CRLF, foreign origins. Each is refused with the dialect's 4xx, no header is injected into the answer, and the
 * genuine cookie still works afterwards (a refused request never burns the token).
 */
class WatchrCookieHardeningTest {

    private static final Pattern SET_COOKIE = Pattern.compile("(?im)^Set-Cookie: refresh_token=([^;\\r\\n]*)");
    private TestServer server;
    private String cookie;

    @BeforeEach
    void login() throws IOException {
        server = new TestServer(Map.of("ROTOR_WATCHR_COOKIE_SECURE", "false"));
        String body = "username=alice&password=wonderland";
        String r = raw("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(status(r)).as(r).isEqualTo(200);
        cookie = cookieIn(r);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String refresh(String cookieHeaders) throws IOException {
        return raw("POST /auth/refresh HTTP/1.1\r\nHost: localhost\r\n" + cookieHeaders
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void duplicateCookiesAreRefusedAndDoNotBurnTheToken() throws IOException {
        for (String headers : new String[] {
            "Cookie: refresh_token=" + cookie + "; refresh_token=" + cookie + "\r\n",
            "Cookie: refresh_token=" + cookie + "; refresh_token=forged\r\n",
            "Cookie: refresh_token=forged; refresh_token=" + cookie + "\r\n",
            "Cookie: refresh_token=" + cookie + "\r\nCookie: refresh_token=forged\r\n",
            "Cookie: refresh_token=" + cookie + "\r\nCookie: refresh_token=" + cookie + "\r\n",
        }) {
            String r = refresh(headers);
            assertThat(status(r)).as(headers).isEqualTo(401);
            assertThat(r).containsIgnoringCase("WWW-Authenticate: Bearer").doesNotContain(cookie);
        }
        String ok = refresh("Cookie: refresh_token=" + cookie + "\r\n");
        assertThat(status(ok)).as("the genuine cookie still works").isEqualTo(200);
    }

    @Test
    void crlfInCookiesNeverInjectsAHeader() throws IOException {
        for (String headers : new String[] {
            "Cookie: refresh_token=" + cookie + "\rSet-Cookie: injected=1\r\n",
            "Cookie: refresh_token=abc%0d%0aSet-Cookie:%20injected=1\r\n",
            "Cookie: refresh_token=" + cookie + "%0d%0a\r\n",
            "Cookie: refresh_token=\u00e9\u00e8\r\n",
            "Cookie: refresh_token=\"" + cookie + "\r\n",
            "Cookie: refresh_token\r\n",
            "Cookie: =" + cookie + "\r\n",
            "Cookie: refresh_token=" + "a".repeat(9000) + "\r\n",
            "Cookie:  \r\n",
        }) {
            String r = refresh(headers);
            int status = r.isEmpty() ? 400 : status(r);
            assertThat(status).as(headers).isBetween(400, 499);
            assertThat(r).doesNotContainIgnoringCase("injected");
        }
        assertThat(status(refresh("Cookie: refresh_token=" + cookie + "\r\n"))).isEqualTo(200);
        // A bare LF ends a header line (RFC 9112 section 2.2): the next line is just another request header, which
        // must never come back in the answer.
        String lf = refresh("Cookie: refresh_token=" + cookie + "\nSet-Cookie: injected=1\r\n");
        assertThat(lf).doesNotContainIgnoringCase("injected");
    }

    @Test
    void foreignOriginIsRefusedWith403AndDoesNotBurnTheToken() throws IOException {
        for (String origin : new String[] {"https://evil.example", "null", "http://localhost.evil.example",
                "https://evil.example, http://localhost"}) {
            String r = refresh("Origin: " + origin + "\r\nCookie: refresh_token=" + cookie + "\r\n");
            assertThat(status(r)).as(origin).isEqualTo(403);
            assertThat(SET_COOKIE.matcher(r).find()).isFalse();
        }
        assertThat(status(refresh("Cookie: refresh_token=" + cookie + "\r\n"))).isEqualTo(200);
    }

    private static String cookieIn(String response) {
        Matcher m = SET_COOKIE.matcher(response);
        assertThat(m.find()).as(response).isTrue();
        return m.group(1);
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rotor.port())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                in.transferTo(got);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        assertThat(response).startsWith("HTTP/1.1 ");
        return Integer.parseInt(response.substring(9, 12));
    }
}
