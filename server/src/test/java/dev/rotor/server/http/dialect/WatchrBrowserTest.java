package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rotor.server.http.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The watchr cookie flow in a real browser: headless Chromium (Debian's, driven by playwright-core from npm, installed
 * under {@code target/playwright}; no browser download) on a page of Rotor's own origin logs in, refreshes with
 * {@code credentials:'include'}, cannot read the HttpOnly refresh cookie, logs out; a page of another site
 * (localhost, another port) cannot make the browser refresh; a page of an origin that
 * {@code ROTOR_WATCHR_ALLOWED_ORIGINS} names (127.0.0.1, another port: the same site) logs in and refreshes across
 * origins. Skipped with a message when chromium or node is missing, except under {@code CI=true}.
 */
class WatchrBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path PLAYWRIGHT = Path.of("target", "playwright").toAbsolutePath();

    @Test
    void ownOriginPageRefreshesWithHttpOnlyCookieForeignOriginCannotAllowedOriginCan() throws Exception {
        requireTools();
        Path script = PLAYWRIGHT.resolve("watchr.cjs");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("browser/watchr.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        Path profile = Files.createTempDirectory("rotor-chromium-");
        HttpServer partner = partnerPage();
        try (TestServer server = new TestServer(Map.of("ROTOR_WATCHR_COOKIE_SECURE", "false",
                "ROTOR_WATCHR_ALLOWED_ORIGINS", "http://127.0.0.1:" + partner.getAddress().getPort()))) {
            int port = server.rotor.port();
            String out = run(List.of("node", script.toString(), String.valueOf(port), String.valueOf(port == 65535 ? port - 1 : port + 1),
                    profile.toString(), String.valueOf(partner.getAddress().getPort())), 120);
            JsonNode r = new ObjectMapper().readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}"));
            assertThat(r.has("error")).as(out).isFalse();
            assertThat(r.at("/login/status").asInt()).as(out).isEqualTo(200);
            assertThat(r.at("/login/body/token_type").asText()).isEqualTo("bearer");
            assertThat(r.at("/cookie/httpOnly").asBoolean()).as(out).isTrue();
            assertThat(r.at("/cookie/sameSite").asText()).isEqualTo("Strict");
            assertThat(r.at("/documentCookieHasToken").asBoolean()).as("document.cookie: " + r.get("documentCookie")).isFalse();
            assertThat(r.at("/refresh/status").asInt()).as(out).isEqualTo(200);
            assertThat(r.at("/rotated").asBoolean()).as("rotation sets a new cookie").isTrue();
            // the foreign page: a form POST is refused (403 on Origin) and carries no cookie (SameSite=Strict); no
            // request of it, fetch or form, carries the cookie
            assertThat(r.at("/foreignForm/status").asInt()).as(out).isEqualTo(403);
            assertThat(r.at("/foreignForm/origin").asText()).startsWith("http://localhost:");
            assertThat(r.at("/foreignForm/cookieSent").asBoolean()).as(out).isFalse();
            int foreignRequests = 0;
            for (JsonNode f : r.get("refreshes")) {
                if (f.path("origin").asText().startsWith("http://localhost:")) {
                    foreignRequests++;
                    assertThat(f.get("cookieSent").asBoolean()).as(out).isFalse();
                }
            }
            assertThat(foreignRequests).as(out).isGreaterThanOrEqualTo(1);
            assertThat(r.at("/cookieUnchangedByForeign").asBoolean()).as(out).isTrue();
            assertThat(r.at("/logout/status").asInt()).as(out).isEqualTo(204);
            assertThat(r.at("/cookieAfterLogout").asBoolean()).as("logout clears the cookie").isFalse();
            assertThat(r.at("/refreshAfterLogout/status").asInt()).isEqualTo(401);
            assertThat(r.at("/partnerLogin/status").asInt()).as(out).isEqualTo(200);
            assertThat(r.at("/partnerLogin/body/token_type").asText()).isEqualTo("bearer");
            assertThat(r.at("/partnerRefresh/status").asInt()).as(out).isEqualTo(200);
            assertThat(r.at("/partnerRefresh/body/token_type").asText()).isEqualTo("bearer");
            assertThat(r.at("/foreignRead/error").asText()).as(out).startsWith("TypeError");
        } finally {
            partner.stop(0);
            deleteTree(profile);
        }
    }

    /** The allowed origin's page, served on a loopback port of its own. */
    private static HttpServer partnerPage() throws IOException {
        HttpServer pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pages.createContext("/partner.html", exchange -> {
            byte[] page = "<!doctype html><title>partner</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        pages.start();
        return pages;
    }

    private static void requireTools() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String missing = !Files.isExecutable(CHROMIUM) ? "chromium (" + CHROMIUM + ")"
                : !onPath("node") ? "node" : !onPath("npm") ? "npm" : null;
        if (missing == null && !Files.exists(PLAYWRIGHT.resolve("node_modules/playwright-core/package.json"))) {
            Files.createDirectories(PLAYWRIGHT);
            // playwright-core only: it never downloads a browser
            String log = run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "playwright-core"), 180);
            if (!Files.exists(PLAYWRIGHT.resolve("node_modules/playwright-core/package.json"))) {
                missing = "playwright-core (npm install failed: " + log.strip() + ")";
            }
        }
        if (missing != null) {
            String message = "WatchrBrowserTest skipped: " + missing + " is missing";
            if (ci) {
                throw new AssertionError(message + " (CI=true)");
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a process in target/playwright with a bounded wait; it and everything it started are killed afterwards. */
    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("rotor-browser-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(PLAYWRIGHT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("NODE_PATH", PLAYWRIGHT.resolve("node_modules").toString());
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process p = pb.start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish in " + seconds + " s: " + Files.readString(log));
            }
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
