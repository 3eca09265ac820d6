package dev.rotor.server.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A store URL as an operator writes it ({@code postgresql://user:pass@host:5432/db?sslmode=require}, the libpq
 * form) or as JDBC wants it ({@code jdbc:postgresql://...}), turned into a JDBC URL plus credentials. Credentials
 * are kept out of the JDBC URL; a password given as a URL parameter stays in it, so messages and logs print
 * {@link #redactedUrl()}.
 *
 * @param user     null when the URL does not name one (then the JDBC URL's own {@code user=} parameter applies)
 * @param password null when none is given
 */
public record PgUrl(String jdbcUrl, String user, String password) {

    private static final int DEFAULT_PORT = 5432;
    /** pgjdbc's connection parameters that carry a secret (its PGProperty PASSWORD and SSL_PASSWORD). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&](?:password|sslpassword)=)[^&]*");

    /** Parses either form; throws {@link IllegalArgumentException} for anything else. */
    public static PgUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL store URL is required");
        }
        String text = url.trim();
        if (text.startsWith("jdbc:postgresql:")) {
            return new PgUrl(text, null, null);
        }
        if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
            throw new IllegalArgumentException("store URL must start with postgresql:// or jdbc:postgresql://");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store URL is not a valid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("store URL has no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() <= 1) {
            throw new IllegalArgumentException("store URL has no database name");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new PgUrl(jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The JDBC URL with the values of its secret parameters masked: what a message or a log line may show. */
    public String redactedUrl() {
        return SECRET_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "PgUrl[" + redactedUrl() + ", user=" + user + "]";
    }
}
