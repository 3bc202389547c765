package io.solstice.store.sql;

import io.solstice.core.store.AppendRequest;
import io.solstice.core.store.MultiAppendResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One {@code appendAll} call waiting for the writer: its requests and the future of its outcome. */
record PendingAppend(List<AppendRequest> requests, CompletableFuture<MultiAppendResult> outcome) {

  PendingAppend(List<AppendRequest> requests) {
    this(requests, new CompletableFuture<>());
  }

  String describe() {
    StringBuilder sb = new StringBuilder();
    for (AppendRequest r : requests) {
      sb.append(sb.isEmpty() ? "" : ", ").append(r.stream());
    }
    return sb.toString();
  }
}
