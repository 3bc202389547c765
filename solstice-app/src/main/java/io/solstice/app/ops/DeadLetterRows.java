package io.solstice.app.ops;

import io.solstice.core.store.DeadLetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One dead letter as {@code solstice dlq list --json} and {@code GET /admin/dead-letters} show it:
 * the same fields, names and statuses in both ({@code id}, {@code service}, {@code tenant}, {@code
 * stream}, {@code version}, {@code position}, {@code event_id}, {@code event_type}, {@code
 * attempts}, {@code error}, {@code parked_at}, {@code status} = {@code PARKED}, {@code
 * REPLAY_REQUESTED} or {@code RESOLVED}).
 */
public final class DeadLetterRows {
  private DeadLetterRows() {}

  /** The row of {@code letter}, fields in the documented order. */
  public static Map<String, Object> row(DeadLetter letter) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", letter.id());
    row.put("service", letter.service());
    row.put("tenant", letter.stream().tenant());
    row.put("stream", letter.stream().canonical());
    row.put("version", letter.version());
    row.put("position", letter.position());
    row.put("event_id", letter.eventId().toString());
    row.put("event_type", letter.eventType());
    row.put("attempts", letter.attempts());
    row.put("error", letter.error());
    row.put("parked_at", letter.parkedAt().toString());
    row.put("status", letter.status().name());
    return row;
  }
}
