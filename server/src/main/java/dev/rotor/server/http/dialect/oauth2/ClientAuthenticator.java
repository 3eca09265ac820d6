package dev.rotor.server.http.dialect.oauth2;

import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.ClientStore;
import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.FormBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates OAuth 2.0 clients (RFC 6749 §2.3): {@code client_secret_basic}, {@code client_secret_post}, or a public
 * client's bare {@code client_id}. Secrets are stored as Argon2id hashes; a successful verification is remembered as
 * (client id, stored hash, SHA-256 of the secret) so that repeated calls (introspection) do not pay Argon2 each time.
 */
public final class ClientAuthenticator {

    /** A client that proved who it is, and whether it used HTTP Basic (for the 401's WWW-Authenticate). */
    public record Authenticated(Client client, boolean viaBasic) {
    }

    private record Verified(String storedHash, byte[] secretDigest) {
    }

    private static final int MAX_CACHED = 10_000;

    private final ClientStore clients;
    private final PasswordHasher hasher;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public ClientAuthenticator(ClientStore clients, PasswordHasher hasher) {
        this.clients = clients;
        this.hasher = hasher;
    }

    /**
     * True when the request names a client secret (HTTP Basic or {@code client_secret}): checking it may take a
     * password hash, so {@link #authenticate} may block. Without one it only looks the client up.
     */
    public boolean carriesSecret(Exchange ctx, FormBody form) {
        return ctx.header("Authorization") != null || form.has("client_secret");
    }

    /** Authenticates the client of a request whose form is {@code form}; throws {@link OAuth2Error} otherwise. */
    public Authenticated authenticate(Exchange ctx, FormBody form) {
        String header = ctx.header("Authorization");
        Optional<String> formId = form.single("client_id");
        Optional<String> formSecret = form.single("client_secret");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] idSecret = basic(header.substring(6).trim());
            if (formSecret.isPresent()) {
                throw OAuth2Error.invalidRequest("Use only one client authentication method");
            }
            if (formId.isPresent() && !formId.get().equals(idSecret[0])) {
                throw OAuth2Error.invalidRequest("client_id does not match the authenticated client");
            }
            return new Authenticated(check(idSecret[0], idSecret[1], true), true);
        }
        if (formId.isEmpty()) {
            throw OAuth2Error.invalidClient("Client authentication failed", false);
        }
        return new Authenticated(check(formId.get(), formSecret.orElse(null), false), false);
    }

    private Client check(String clientId, String secret, boolean basic) {
        Client client = clients.find(clientId).orElseThrow(() -> OAuth2Error.invalidClient("Client authentication failed", basic));
        if (!client.confidential()) {
            if (secret != null && !secret.isEmpty()) {
                throw OAuth2Error.invalidClient("Client authentication failed", basic);
            }
            return client;
        }
        if (secret == null || secret.isEmpty() || !secretMatches(client, secret)) {
            throw OAuth2Error.invalidClient("Client authentication failed", basic);
        }
        return client;
    }

    private boolean secretMatches(Client client, String secret) {
        byte[] digest = sha256(secret);
        Verified cached = verified.get(client.id());
        if (cached != null && cached.storedHash().equals(client.secretHash())
                && MessageDigest.isEqual(cached.secretDigest(), digest)) {
            return true;
        }
        PasswordHasher.Check check = hasher.verify(secret.toCharArray(), client.secretHash());
        if (check == PasswordHasher.Check.MISMATCH) {
            return false;
        }
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        verified.put(client.id(), new Verified(client.secretHash(), digest));
        return true;
    }

    /** RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined by ':' and base64-encoded. */
    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw OAuth2Error.invalidClient("Malformed Basic credentials", true);
            }
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw OAuth2Error.invalidClient("Malformed Basic credentials", true);
        }
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

}
