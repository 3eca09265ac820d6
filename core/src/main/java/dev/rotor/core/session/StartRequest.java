package dev.rotor.core.session;

import java.util.Objects;

/** Who a new session is for and where it came from. {@code clientId}, {@code deviceName} and {@code scope} may be null. */
public record StartRequest(String userId, String clientId, String deviceName, String scope) {

    public StartRequest {
        Objects.requireNonNull(userId, "userId");
    }

    public static StartRequest forUser(String userId) {
        return new StartRequest(userId, null, null, null);
    }
}
