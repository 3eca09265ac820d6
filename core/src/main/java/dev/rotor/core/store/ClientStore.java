package dev.rotor.core.store;

import java.util.List;
import java.util.Optional;

/** OAuth 2.0 clients. */
public interface ClientStore {

    Optional<Client> find(String clientId);

    /** Adds a client; throws {@link DuplicateException} when the id is taken. */
    void add(Client client);

    List<Client> listClients();
}
