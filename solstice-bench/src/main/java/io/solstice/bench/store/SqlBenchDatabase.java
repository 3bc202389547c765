package io.solstice.bench.store;

import io.solstice.app.cli.CommandFailedException;
import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.EventStore;
import java.nio.file.Path;
import java.util.List;

/** Placeholder until the SQL store lands: see the storage branch. */
final class SqlBenchDatabase implements BenchDatabase {

  static BenchDatabase sqlite(Path directory, boolean keep) {
    throw new CommandFailedException("the SQL store is not built yet");
  }

  static BenchDatabase postgres(String jdbcUrl, boolean keep) {
    throw new CommandFailedException("the SQL store is not built yet");
  }

  @Override
  public String description() {
    return "";
  }

  @Override
  public EventStore open(boolean groupCommit, int writers) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long countEvents(EventStore store) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void insertUnchecked(EventStore store, List<AppendRequest> requests) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
