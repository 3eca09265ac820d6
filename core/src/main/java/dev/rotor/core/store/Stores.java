package dev.rotor.core.store;

/** The four stores of one deployment, opened together on one database. */
public interface Stores extends AutoCloseable {

    TokenStore tokens();

    UserStore users();

    ClientStore clients();

    KeyStore keys();

    /** True when the database answers; used by readiness. */
    boolean healthy();

    @Override
    void close();
}
