package io.solstice.app.http;

import static io.solstice.app.http.Schemas.array;
import static io.solstice.app.http.Schemas.enumOf;
import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.optional;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.app.ops.DeadLetterRows;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.core.store.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/dead-letters…}: the inputs services parked, with the same fields and statuses as
 * {@code solstice dlq list --json}, and replays (one letter, or every parked letter of a service).
 * A replay marks letters {@code REPLAY_REQUESTED}; the service that parked a letter (in whichever
 * process runs it) finds it within its replay poll interval (2 s by default), handles it again and
 * marks it {@code RESOLVED}, or parks it again. Admin key only.
 */
final class DeadLetterRoutes {
  static final int MAX_LIMIT = 1_000;

  private final ConsoleApi console;

  DeadLetterRoutes(ConsoleApi console) {
    this.console = console;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/admin/dead-letters").id("listDeadLetters").tag("operations-admin").access(Access.ADMIN)
            .summary("Dead letters, oldest first, with the same fields and statuses as `solstice dlq list --json`")
            .query("service", "only this service's letters", false, string())
            .query("status", "only letters with this status", false, enumOf("PARKED", "REPLAY_REQUESTED", "RESOLVED"))
            .query("limit", "at most this many (1-" + MAX_LIMIT + ", default 100)", false, integer(1, MAX_LIMIT))
            .responds(200, object(required("items", array(ref("DeadLetter"))))).handle(this::list),
        Route.get("/admin/dead-letters/{id}").id("getDeadLetter").tag("operations-admin").access(Access.ADMIN)
            .summary("One dead letter, with the event it holds (secrets redacted)")
            .responds(200, ref("DeadLetter")).errors(404).handle(this::get),
        Route.post("/admin/dead-letters/{id}/replay").id("replayDeadLetter").tag("operations-admin").access(Access.ADMIN)
            .summary("Ask the service to handle the letter's event again: the letter becomes REPLAY_REQUESTED, then RESOLVED or PARKED again")
            .responds(202, ref("DeadLetter")).errors(404, 409).handle(this::replay),
        Route.post("/admin/dead-letters/replay").id("replayDeadLetters").tag("operations-admin").access(Access.ADMIN)
            .summary("Replay every PARKED letter of a service (of every service without one)")
            .optionalBody(object(optional("service", string("the service whose letters to replay, e.g. payment"))))
            .responds(202, object(required("replayed", integer()), required("ids", array(integer())))).handle(this::replayAll));
  }

  private Reply list(Call call) {
    String service = call.query("service");
    DeadLetter.Status status = status(call.query("status"));
    int limit = limit(call.query("limit"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DeadLetter l : console.deadLetters().list(blankToNull(service), status, limit)) {
      rows.add(DeadLetterRows.row(l));
    }
    return Reply.ok(Map.of("items", rows));
  }

  private Reply get(Call call) {
    DeadLetter letter = letter(call.pathParam("id"));
    Map<String, Object> row = new java.util.LinkedHashMap<>(DeadLetterRows.row(letter));
    console.events().event(letter.eventId()).ifPresent(e -> row.put("event", EventJson.full(e, call.mapper())));
    return Reply.ok(row);
  }

  private Reply replay(Call call) {
    DeadLetter letter = letter(call.pathParam("id"));
    if (letter.status() == DeadLetter.Status.RESOLVED) {
      throw ApiProblem.of(409, "already_resolved", "Conflict", "dead letter " + letter.id() + " is already RESOLVED; nothing to replay").failure();
    }
    console.deadLetters().updateStatus(letter.id(), DeadLetter.Status.REPLAY_REQUESTED);
    DeadLetter now = console.deadLetters().find(letter.id()).orElse(letter.withStatus(DeadLetter.Status.REPLAY_REQUESTED));
    return Reply.status(202, DeadLetterRows.row(now));
  }

  private Reply replayAll(Call call) {
    JsonBody body = call.body();
    String service = body.string("service", false);
    body.check();
    List<Long> ids = new ArrayList<>();
    for (DeadLetter letter : console.deadLetters().list(blankToNull(service), DeadLetter.Status.PARKED, Integer.MAX_VALUE)) {
      console.deadLetters().updateStatus(letter.id(), DeadLetter.Status.REPLAY_REQUESTED);
      ids.add(letter.id());
    }
    return Reply.status(202, Map.of("replayed", ids.size(), "ids", ids));
  }

  private DeadLetter letter(String idText) {
    long id;
    try {
      id = Long.parseLong(idText);
    } catch (NumberFormatException e) {
      throw new NotFoundException("dead letter", idText);
    }
    return console.deadLetters().find(id).orElseThrow(() -> new NotFoundException("dead letter", idText));
  }

  private static DeadLetter.Status status(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return DeadLetter.Status.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("status", "must be PARKED, REPLAY_REQUESTED or RESOLVED");
    }
  }

  private static int limit(String value) {
    if (value == null || value.isBlank()) {
      return 100;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
