package io.solstice.commerce.readmodel;

import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Path;

/** The read models on an embedded SQLite file. */
class SqliteReadModelsTest extends ReadModelsContract {
  @Override
  SqlStoreConfig config(Path dir) {
    return SqlStoreConfig.sqlite(dir.resolve("solstice.db"));
  }
}
