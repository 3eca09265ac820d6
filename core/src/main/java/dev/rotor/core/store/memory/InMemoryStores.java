package dev.rotor.core.store.memory;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.ClientStore;
import dev.rotor.core.store.DuplicateException;
import dev.rotor.core.store.KeyStore;
import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.StoredKey;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.User;
import dev.rotor.core.store.UserStore;
import dev.rotor.core.store.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * All four stores in memory, one lock for everything: the reference implementation of the store contract, used by
 * core's tests. It keeps nothing across restarts, so the server never uses it.
 */
public final class InMemoryStores implements Stores, TokenStore, UserStore, ClientStore, KeyStore {

    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, RefreshRecord> refreshes = new HashMap<>();
    private final Map<String, AccessRecord> accesses = new HashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();
    private final List<StoredKey> keys = new ArrayList<>();

    @Override
    public TokenStore tokens() {
        return this;
    }

    @Override
    public UserStore users() {
        return this;
    }

    @Override
    public ClientStore clients() {
        return this;
    }

    @Override
    public KeyStore keys() {
        return this;
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }

    // ---- TokenStore

    @Override
    public synchronized Optional<RefreshRecord> findRefresh(String tokenHash) {
        return Optional.ofNullable(refreshes.get(tokenHash));
    }

    @Override
    public synchronized Optional<Session> findSession(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public synchronized Optional<AccessRecord> findAccess(String tokenHash) {
        return Optional.ofNullable(accesses.get(tokenHash));
    }

    @Override
    public synchronized boolean createSession(Session session, RefreshRecord first, AccessRecord access) {
        if (refreshes.containsKey(first.tokenHash())) {
            return false;
        }
        sessions.put(session.id(), session);
        refreshes.put(first.tokenHash(), first);
        if (access != null) {
            accesses.put(access.tokenHash(), access);
        }
        return true;
    }

    @Override
    public synchronized WriteResult applyRefresh(RefreshWrite write) {
        Session session = sessions.get(write.sessionId());
        if (session == null || session.revoked()) {
            return WriteResult.SESSION_NOT_ACTIVE;
        }
        if (write.successor() != null) {
            RefreshRecord presented = refreshes.get(write.presentedHash());
            if (presented == null || !presented.isCurrent()) {
                return WriteResult.ALREADY_ROTATED;
            }
            refreshes.put(presented.tokenHash(), new RefreshRecord(presented.tokenHash(), presented.sessionId(),
                    presented.issuedAt(), presented.expiresAt(), write.successor().tokenHash(), write.usedAt()));
            refreshes.put(write.successor().tokenHash(), write.successor());
        }
        if (write.access() != null) {
            accesses.values().removeIf(a -> a.sessionId().equals(write.sessionId()));
            accesses.put(write.access().tokenHash(), write.access());
        }
        sessions.put(session.id(), session.touched(write.usedAt(), write.idleExpiresAt()));
        return WriteResult.APPLIED;
    }

    @Override
    public synchronized boolean revokeSession(String sessionId, String reason, Instant at) {
        Session session = sessions.get(sessionId);
        if (session == null || session.revoked()) {
            return false;
        }
        sessions.put(sessionId, session.revokedAt(at, reason));
        return true;
    }

    @Override
    public synchronized int revokeUserSessions(String userId, String reason, Instant at) {
        List<String> ids = sessions.values().stream()
                .filter(s -> s.userId().equals(userId) && !s.revoked()).map(Session::id).toList();
        ids.forEach(id -> revokeSession(id, reason, at));
        return ids.size();
    }

    @Override
    public synchronized boolean deleteAccess(String tokenHash) {
        return accesses.remove(tokenHash) != null;
    }

    @Override
    public synchronized List<Session> sessionsOfUser(String userId) {
        return sessions.values().stream().filter(s -> s.userId().equals(userId))
                .sorted(Comparator.comparing(Session::createdAt).reversed()).toList();
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        int before = refreshes.size() + accesses.size() + sessions.size();
        refreshes.values().removeIf(r -> r.expiredAt(now));
        accesses.values().removeIf(a -> a.expiredAt(now));
        sessions.values().removeIf(s -> (s.revoked() || s.expiredAt(now))
                && refreshes.values().stream().noneMatch(r -> r.sessionId().equals(s.id())));
        return before - (refreshes.size() + accesses.size() + sessions.size());
    }

    // ---- UserStore

    @Override
    public synchronized Optional<User> findById(String id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public synchronized Optional<User> findByLogin(String usernameOrEmail) {
        if (usernameOrEmail == null) {
            return Optional.empty();
        }
        String wanted = usernameOrEmail.toLowerCase(Locale.ROOT);
        Optional<User> byName = users.values().stream()
                .filter(u -> u.username().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
        return byName.isPresent() ? byName : users.values().stream()
                .filter(u -> !u.email().isEmpty() && u.email().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    @Override
    public synchronized void add(User user) {
        String name = user.username().toLowerCase(Locale.ROOT);
        String email = user.email().toLowerCase(Locale.ROOT);
        boolean taken = users.containsKey(user.id()) || users.values().stream().anyMatch(u ->
                u.username().toLowerCase(Locale.ROOT).equals(name)
                        || (!email.isEmpty() && u.email().toLowerCase(Locale.ROOT).equals(email)));
        if (taken) {
            throw new DuplicateException("a user with this id, username or e-mail exists already");
        }
        users.put(user.id(), user);
    }

    @Override
    public synchronized List<User> list() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized boolean setActive(String userId, boolean active) {
        return users.computeIfPresent(userId, (id, u) -> u.withActive(active)) != null;
    }

    @Override
    public synchronized boolean setPasswordHash(String userId, String passwordHash) {
        return users.computeIfPresent(userId, (id, u) -> u.withPasswordHash(passwordHash)) != null;
    }

    @Override
    public synchronized void recordLogin(String userId, Instant at) {
        users.computeIfPresent(userId, (id, u) -> u.withLastLogin(at));
    }

    @Override
    public synchronized boolean remove(String userId) {
        return users.remove(userId) != null;
    }

    // ---- ClientStore

    @Override
    public synchronized Optional<Client> find(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public synchronized void add(Client client) {
        if (clients.putIfAbsent(client.id(), client) != null) {
            throw new DuplicateException("a client with this id exists already");
        }
    }

    @Override
    public synchronized List<Client> listClients() {
        return List.copyOf(clients.values());
    }

    @Override
    public synchronized boolean changeSecret(String clientId, String secretHash) {
        Objects.requireNonNull(secretHash, "secretHash");
        Client client = clients.get(clientId);
        if (client == null || !client.confidential()) {
            return false;
        }
        clients.put(clientId, new Client(clientId, secretHash, client.createdAt()));
        return true;
    }

    @Override
    public synchronized boolean remove(String clientId, Instant at) {
        if (clients.remove(clientId) == null) {
            return false;
        }
        sessions.values().stream().filter(s -> clientId.equals(s.clientId()) && !s.revoked()).map(Session::id)
                .toList().forEach(id -> revokeSession(id, "client-removed", at));
        return true;
    }

    // ---- KeyStore

    @Override
    public synchronized List<StoredKey> all() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized void rotateTo(StoredKey key, Instant retiredAt, Instant previousVerifyUntil) {
        keys.replaceAll(k -> k.purpose().equals(key.purpose()) && k.signing()
                ? new StoredKey(k.kid(), k.purpose(), k.algorithm(), k.encryptedKey(), k.createdAt(), retiredAt,
                        previousVerifyUntil)
                : k);
        keys.add(key);
    }

    @Override
    public synchronized void revokeAndRotateTo(StoredKey key, Instant lastVerifies) {
        keys.replaceAll(k -> k.purpose().equals(key.purpose())
                && (k.verifyUntil() == null || k.verifyUntil().isAfter(lastVerifies))
                ? new StoredKey(k.kid(), k.purpose(), k.algorithm(), k.encryptedKey(), k.createdAt(),
                        k.retiredAt() == null ? lastVerifies : k.retiredAt(), lastVerifies)
                : k);
        keys.add(key);
    }

    @Override
    public synchronized int purgeRetired(Instant now) {
        int before = keys.size();
        keys.removeIf(k -> k.verifyUntil() != null && k.verifyUntil().isBefore(now));
        return before - keys.size();
    }
}
