package dev.rotor.server.metrics;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.rotor.core.event.SecurityEvent;
import dev.rotor.core.event.SecurityEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each security event as one structured line on logger {@code rotor.security} (ids only: session_id, user_id,
 * dialect; events never carry tokens) and counts it; reuse detections also feed {@code rotor_reuse_detected_total}.
 */
public final class LoggingSecurityEvents implements SecurityEvents {

    private static final Logger LOG = LoggerFactory.getLogger("rotor.security");
    private final Metrics metrics;

    public LoggingSecurityEvents(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void record(SecurityEvent event) {
        String type = Metrics.eventType(event.type());
        metrics.securityEvents(type).increment();
        if (event.type() == SecurityEvent.Type.REUSE_DETECTED) {
            metrics.reuseDetected(event.dialect() == null ? "unknown" : event.dialect()).increment();
        }
        LOG.warn("security event {} {} {} {} {}", kv("event", type), kv("session_id", event.sessionId()),
                kv("user_id", event.userId()), kv("dialect", event.dialect()), kv("detail", event.detail()));
    }
}
