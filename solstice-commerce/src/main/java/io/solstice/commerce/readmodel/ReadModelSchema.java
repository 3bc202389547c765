package io.solstice.commerce.readmodel;

import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The read-model tables' schema, versioned with Flyway like the event store's, in a history table
 * of its own ({@value #HISTORY_TABLE}) beside the store's. Each version is a Java migration that
 * runs the DDL of {@link Tables}, the one place the columns are written down (a rebuild's shadow
 * tables are made from it too). A database whose tables were created before the schema was
 * versioned is baselined at version 0 and then runs version 1, whose statements are idempotent.
 *
 * <p>Guarantees: concurrent starts on one PostgreSQL database are serialized by Flyway's lock; no
 * classpath location is scanned, so the store's SQL migrations are never applied here. To change a
 * table, add the next version (e.g. {@code V2__…} with an {@code ALTER TABLE}) and change {@link
 * Tables#ddl} to match, so shadow tables keep the live tables' shape.
 */
final class ReadModelSchema {

  static final String HISTORY_TABLE = "rm_schema_history";

  private ReadModelSchema() {}

  /** Brings the read-model tables of {@code dataSource} up to the latest version. */
  static void migrate(DataSource dataSource) {
    Flyway.configure(ReadModelSchema.class.getClassLoader())
        .dataSource(dataSource)
        .table(HISTORY_TABLE)
        .locations(new String[0]) // none: only the Java migrations below
        .javaMigrations(new V1__Read_model_tables())
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("read-model tables before versioning")
        .load()
        .migrate();
  }

  /** Version 1: products, stock holds, orders and order history, with the customer index. */
  // Flyway reads the version and description from the class name.
  static final class V1__Read_model_tables extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
      try (Statement s = context.getConnection().createStatement()) {
        for (ReadModel m : ReadModel.values()) {
          for (String ddl : Tables.LIVE.ddl(m, true)) {
            s.execute(ddl);
          }
        }
      }
    }
  }
}
