package io.solstice.app.ops;

import io.solstice.store.sql.SqlStoreConfig;
import java.nio.file.Path;

class SqliteEventBrowserTest extends EventBrowserContract {
  @Override
  SqlStoreConfig config(Path dir) {
    return SqlStoreConfig.sqlite(dir.resolve("solstice.db"));
  }
}
