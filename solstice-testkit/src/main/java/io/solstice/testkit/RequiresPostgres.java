package io.solstice.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the annotated test class or method only when {@link TestPostgres} has a database: with
 * {@code SOLSTICE_PG_URL}, or a local PostgreSQL on 127.0.0.1:5432. Otherwise the test is skipped
 * with the reason, and the build's last lines say so.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      TestPostgres.Resolution r = TestPostgres.resolve();
      return r.url() != null
          ? ConditionEvaluationResult.enabled("PostgreSQL test database available")
          : ConditionEvaluationResult.disabled("PostgreSQL tests skipped: " + r.skipReason());
    }
  }
}
