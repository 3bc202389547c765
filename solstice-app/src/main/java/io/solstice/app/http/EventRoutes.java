package io.solstice.app.http;

import static io.solstice.app.http.Schemas.array;
import static io.solstice.app.http.Schemas.bool;
import static io.solstice.app.http.Schemas.integer;
import static io.solstice.app.http.Schemas.nullableString;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.app.ops.EventBrowser;
import io.solstice.app.ops.MailEffects;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.commerce.shared.NotFoundException;
import io.solstice.core.InvalidStreamNameException;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /admin/streams…} and {@code /admin/events…}: the event store as the console browses it —
 * a stream's events, the newest events of a tenant or category, streams by id, one event with what
 * caused it and what it caused (events and mails), and a whole causation tree. Event data is shown
 * with its secrets redacted. Admin key only.
 */
final class EventRoutes {
  private final ConsoleApi console;

  EventRoutes(ConsoleApi console) {
    this.console = console;
  }

  record Page(List<EventJson.Full> items, Long next) {}

  record StreamJson(String stream, long version, List<EventJson.Full> events) {}

  record StreamRef(String stream, String tenant, String category, String streamId, long version) {}

  record LinksJson(EventJson.Full event, EventJson.Summary cause, String request, List<EventJson.Summary> requestEvents,
      List<EventJson.Summary> effects, List<MailEffects.Mail> mails) {}

  record NodeJson(EventJson.Summary event, MailEffects.Mail mail, List<NodeJson> effects) {}

  record TreeJson(String request, List<NodeJson> roots, boolean truncated) {}

  List<Route> routes() {
    return List.of(
        Route.get("/admin/streams").id("findStreams").tag("operations-admin").access(Access.ADMIN)
            .summary("The streams of a tenant with this id, in every category (e.g. an order id finds its Order, FraudCheck and Payment streams)")
            .query("tenant", "the tenant", true, string()).query("id", "the stream id", true, string())
            .responds(200, object(required("items", array(object(required("stream", string()), required("tenant", string()),
                required("category", string()), required("streamId", string()), required("version", integer()))))))
            .handle(this::findStreams),
        Route.get("/admin/streams/{stream}").id("readStream").tag("operations-admin").access(Access.ADMIN)
            .summary("The events of one stream (tenant:Category-id), oldest first")
            .query("from", "the first version to read (default 0)", false, integer())
            .query("limit", "at most this many (1-" + EventBrowser.MAX_EVENTS + ", default 200)", false, integer(1, EventBrowser.MAX_EVENTS))
            .responds(200, object(required("stream", string()), required("version", integer()), required("events", array(ref("AdminEvent")))))
            .errors(404).handle(this::readStream),
        Route.get("/admin/events").id("recentEvents").tag("operations-admin").access(Access.ADMIN)
            .summary("The newest events, newest first: of every tenant, of one tenant, or of one tenant's category")
            .query("tenant", "only this tenant's events", false, string())
            .query("category", "only this category's events (needs tenant)", false, string())
            .query("before", "only events below this position (the previous page's next)", false, integer())
            .query("limit", "at most this many (1-" + EventBrowser.MAX_EVENTS + ", default 50)", false, integer(1, EventBrowser.MAX_EVENTS))
            .responds(200, object(required("items", array(ref("AdminEvent"))), required("next", Schemas.described(integer(), "pass as ?before= for older events; null on the last page"))))
            .handle(this::recent),
        Route.get("/admin/events/{eventId}").id("getEvent").tag("operations-admin").access(Access.ADMIN)
            .summary("One event with its causation links: the event or request that caused it, the events and mails it caused")
            .responds(200, object(required("event", ref("AdminEvent")), required("cause", Schemas.any()),
                required("request", nullableString("http:<correlation id> when an HTTP request wrote it")),
                required("requestEvents", array(ref("EventSummary"))), required("effects", array(ref("EventSummary"))),
                required("mails", array(ref("MailEffect")))))
            .errors(404).handle(this::event),
        Route.get("/admin/events/{eventId}/tree").id("getCausationTree").tag("operations-admin").access(Access.ADMIN)
            .summary("The whole causation tree the event belongs to: from the request (or first event) down through every effect")
            .responds(200, object(required("request", nullableString("")), required("roots", array(Schemas.any())),
                required("truncated", bool())))
            .errors(404).handle(this::tree));
  }

  private Reply findStreams(Call call) {
    String tenant = requiredQuery(call, "tenant");
    String id = requiredQuery(call, "id");
    requireTenant(tenant);
    List<StreamRef> items = new ArrayList<>();
    for (EventBrowser.StreamVersion sv : console.events().streamsWithId(tenant, id.strip())) {
      StreamName s = sv.stream();
      items.add(new StreamRef(s.canonical(), s.tenant(), s.category(), s.id(), sv.version()));
    }
    return Reply.ok(Map.of("items", items));
  }

  private Reply readStream(Call call) {
    StreamName stream;
    try {
      stream = StreamName.parse(call.pathParam("stream"));
    } catch (InvalidStreamNameException e) {
      throw new InvalidInputException("stream", e.getMessage());
    }
    long from = number(call, "from", 0, 0, Long.MAX_VALUE);
    int limit = (int) number(call, "limit", 200, 1, EventBrowser.MAX_EVENTS);
    long version = console.events().version(stream);
    if (version < 0) {
      throw new NotFoundException("stream", stream.canonical());
    }
    List<EventJson.Full> events = console.events().stream(stream, from, limit).stream().map(e -> EventJson.full(e, call.mapper())).toList();
    return Reply.ok(new StreamJson(stream.canonical(), version, events));
  }

  private Reply recent(Call call) {
    String tenant = blankToNull(call.query("tenant"));
    String category = blankToNull(call.query("category"));
    if (tenant != null) {
      requireTenant(tenant);
    }
    if (category != null) {
      if (tenant == null) {
        throw new InvalidInputException("category", "needs a tenant too: ?tenant=acme&category=Order");
      }
      try {
        StreamName.requireCategory(category);
      } catch (InvalidStreamNameException e) {
        throw new InvalidInputException("category", e.getMessage());
      }
    }
    long before = number(call, "before", 0, 0, Long.MAX_VALUE);
    int limit = (int) number(call, "limit", 50, 1, EventBrowser.MAX_EVENTS);
    List<RecordedEvent> events = console.events().recent(tenant, category, before, limit);
    Long next = events.size() == limit ? events.getLast().position() : null;
    return Reply.ok(new Page(events.stream().map(e -> EventJson.full(e, call.mapper())).toList(), next));
  }

  private Reply event(Call call) {
    RecordedEvent event = find(call.pathParam("eventId"));
    EventBrowser.Links links = console.events().links(event);
    List<MailEffects.Mail> mails = console.mails().of(event).stream().toList();
    return Reply.ok(new LinksJson(EventJson.full(event, call.mapper()), links.cause().map(EventJson::summary).orElse(null),
        links.request().orElse(null), links.requestEvents().stream().map(EventJson::summary).toList(),
        links.effects().stream().map(EventJson::summary).toList(), mails));
  }

  private Reply tree(Call call) {
    RecordedEvent event = find(call.pathParam("eventId"));
    EventBrowser.Tree tree = console.events().tree(event);
    return Reply.ok(new TreeJson(tree.request().orElse(null), tree.roots().stream().map(this::node).toList(), tree.truncated()));
  }

  private NodeJson node(EventBrowser.Node n) {
    return new NodeJson(EventJson.summary(n.event()), console.mails().of(n.event()).orElse(null), n.effects().stream().map(this::node).toList());
  }

  private RecordedEvent find(String id) {
    Optional<UUID> uuid;
    try {
      uuid = Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      uuid = Optional.empty();
    }
    return uuid.flatMap(console.events()::event).orElseThrow(() -> new NotFoundException("event", id));
  }

  private static String requiredQuery(Call call, String name) {
    String v = call.query(name);
    if (v == null || v.isBlank()) {
      throw new InvalidInputException(name, "query parameter is required");
    }
    return v.strip();
  }

  private static void requireTenant(String tenant) {
    try {
      StreamName.requireTenant(tenant);
    } catch (InvalidStreamNameException e) {
      throw new InvalidInputException("tenant", e.getMessage());
    }
  }

  private static long number(Call call, String name, long dflt, long min, long max) {
    String v = call.query(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(name, "must be a whole number from " + min + " to " + max);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
