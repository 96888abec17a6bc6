package dev.uptally.collector.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a test class (or method) only where {@link PostgresServer#get()} can start PostgreSQL, and otherwise disables
 * it with "PostgreSQL not available: <reason>". With env {@value Condition#REQUIRE_ENV}{@code =1} (CI sets it) a
 * missing PostgreSQL fails the tests instead, so that CI never skips them silently. Test constructors, lifecycle
 * methods and test methods can take the {@link PostgresServer} as a parameter.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

  /** The extension behind the annotation. */
  final class Condition implements ExecutionCondition, ParameterResolver {

    static final String REQUIRE_ENV = "UPTALLY_REQUIRE_POSTGRES";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<PostgresServer> server = PostgresServer.get();
      if (server.isPresent()) {
        return ConditionEvaluationResult.enabled(server.get().toString());
      }
      String message = "PostgreSQL not available: " + PostgresServer.unavailableReason();
      if ("1".equals(System.getenv(REQUIRE_ENV))) {
        // a condition that throws fails the class or method it guards, where a disabled one would be skipped
        throw new IllegalStateException(message + " (" + REQUIRE_ENV + "=1: these tests must run here)");
      }
      return ConditionEvaluationResult.disabled(message);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return PostgresServer.get().orElseThrow(() -> new IllegalStateException(
          "PostgreSQL not available: " + PostgresServer.unavailableReason()));
    }
  }
}
