package dev.rotor.server.config;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProductionLoggingTest {

    /** A context of its own, as logback makes at start-up, so the tests' logging is left as it is. */
    private static LoggerContext freshContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    @Test
    void installThenEachEventIsOneJsonLineWithItsStructuredArgumentsAsFields() throws Exception {
        LoggerContext context = freshContext();
        ProductionLogging.install(context);
        Logger security = context.getLogger("rotor.security");
        OutputStreamAppender<ILoggingEvent> json =
                (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON");

        byte[] line = json.getEncoder().encode(new LoggingEvent(Logger.class.getName(), security, Level.WARN,
                "security event {} {}", null, new Object[] {kv("event", "reuse_detected"), kv("session_id", "s1")}));

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n\n");
        assertThat(text.strip()).doesNotContain("\n");
        JsonNode fields = new ObjectMapper().readTree(text);
        assertThat(fields.get("level").asText()).isEqualTo("WARN");
        assertThat(fields.get("logger_name").asText()).isEqualTo("rotor.security");
        assertThat(fields.get("event").asText()).isEqualTo("reuse_detected");
        assertThat(fields.get("session_id").asText()).isEqualTo("s1");
    }

    @Test
    void installThenRotorLogsAtInfoAndTheLibrariesOnlyFromWarn() {
        LoggerContext context = freshContext();
        ProductionLogging.install(context);

        assertThat(context.getLogger("dev.rotor.server.store.PurgeJob").isInfoEnabled()).isTrue();
        assertThat(context.getLogger("dev.rotor.server.store.PurgeJob").isDebugEnabled()).isFalse();
        for (String library : new String[] {"io.netty.channel", "com.zaxxer.hikari.pool", "org.flywaydb.core"}) {
            assertThat(context.getLogger(library).isInfoEnabled()).as(library).isFalse();
            assertThat(context.getLogger(library).isWarnEnabled()).as(library).isTrue();
        }
    }

    @Test
    void configureWhenTheTestsOwnLogbackFileIsPresentThenStepsAsideForIt() {
        LoggerContext context = freshContext();
        ProductionLogging configurator = new ProductionLogging();
        configurator.setContext(context);

        // logback-test.xml is on this module's test class path
        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON")).isNull();
    }
}
