package dev.rotor.server.http;

import dev.rotor.core.login.LoginService;
import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.store.Stores;
import dev.rotor.server.config.Settings;
import dev.rotor.server.metrics.MeteredRefresh;
import java.time.Clock;

/**
 * Everything a dialect may use, handed to its constructor by the composition root: the engine's services, the
 * stores (for reads such as clients and users), key rings and settings. No dialect builds any of these itself.
 */
public record Services(Settings settings, Clock clock, Stores stores, SessionService sessions, LoginService login,
                       MeteredRefresh refresh, PasswordHasher passwords, KeySource keys) {
}
