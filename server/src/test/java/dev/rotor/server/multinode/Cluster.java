package dev.rotor.server.multinode;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several {@code rotor serve} processes on one PostgreSQL schema, as an operator runs them: the same
 * ROTOR_MASTER_KEY and issuer everywhere, the password grant on, users and clients added with the CLI.
 */
final class Cluster implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "correct horse battery staple";
    static final String CLIENT = "app";
    static final String SECRET = "app-secret-for-tests";

    final String storeUrl;
    final Map<String, String> env = new HashMap<>();
    final List<Node> nodes = new ArrayList<>();

    Cluster(String storeUrl, Duration grace) {
        this.storeUrl = storeUrl;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        env.put("ROTOR_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        env.put("ROTOR_OAUTH2_PASSWORD_GRANT", "true");
        env.put("ROTOR_OAUTH2_ISSUER", "https://auth.example.test");
        env.put("ROTOR_GRACE_PERIOD", grace.toString());
        env.put("ROTOR_STORE_URL", storeUrl);
    }

    /** Migrates, adds the user and the confidential client, then starts {@code count} nodes and waits for them. */
    Cluster start(int count) throws Exception {
        Node.cli(env, null, "migrate");
        Node.cli(env, PASSWORD, "user", "add", USER, "--password-stdin");
        Node.cli(env, SECRET, "client", "add", CLIENT, "--secret-stdin");
        for (int i = 0; i < count; i++) {
            nodes.add(Node.serve(storeUrl, env));
        }
        for (Node node : nodes) {
            node.awaitReady(Duration.ofSeconds(90));
        }
        return this;
    }

    Node node(int i) {
        return nodes.get(Math.floorMod(i, nodes.size()));
    }

    OAuth client(int i) {
        return new OAuth(node(i));
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
    }
}
