package dev.rotor.server.store.postgres;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables PostgreSQL test classes, with the reason in the test report, when no server answers at
 * {@code ROTOR_TEST_PG_URL}; under {@code CI=true} it never disables, so that the tests fail instead.
 */
final class PgAvailable implements ExecutionCondition {

    private static volatile String unreachable;
    private static volatile boolean probed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("CI=true: PostgreSQL is required");
        }
        String reason = reason();
        return reason == null ? ConditionEvaluationResult.enabled("PostgreSQL answers")
                : ConditionEvaluationResult.disabled(reason);
    }

    private static synchronized String reason() {
        if (!probed) {
            probed = true;
            try {
                PgTestSchema.probe();
            } catch (SQLException e) {
                unreachable = "PostgreSQL not reachable at " + PgTestSchema.baseUrl() + " (" + e.getMessage()
                        + "): PostgreSQL tests skipped";
                System.err.println("SKIPPED " + unreachable);
            }
        }
        return unreachable;
    }
}
