package dev.rotor.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** OAuth 2.0 clients. */
public interface ClientStore {

    Optional<Client> find(String clientId);

    /** Adds a client; throws {@link DuplicateException} when the id is taken. */
    void add(Client client);

    List<Client> listClients();

    /**
     * Replaces a confidential client's secret hash, as after a leak; false when there is no such client or it is
     * public. A public client stays public: its type follows from where it runs (RFC 6749 §2.1), not from a secret.
     * Its sessions go on, since a confidential client authenticates at every refresh (RFC 6749 §6) with the new
     * secret from now on.
     */
    boolean changeSecret(String clientId, String secretHash);

    /**
     * Removes a client and, in the same unit, ends its sessions (reason {@code client-removed}); false when there is
     * no such client. Ending them matters because an id may be added again later, perhaps for another party, and the
     * old refresh tokens must not work for it.
     */
    boolean remove(String clientId, Instant at);
}
