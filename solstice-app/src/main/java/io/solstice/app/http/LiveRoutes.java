package io.solstice.app.http;

import static io.solstice.app.http.Schemas.string;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solstice.app.ops.LiveFeed;
import io.solstice.commerce.shared.InvalidInputException;
import io.solstice.core.InvalidStreamNameException;
import io.solstice.core.RecordedEvent;
import io.solstice.core.StreamName;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /admin/events/live}: new events as they are stored, as server-sent events ({@code
 * text/event-stream}), from the whole deployment (the store's feed), optionally of one tenant and
 * some categories. Each event is a message {@code event: event} whose data is the event's summary
 * (no data, so no secret); a {@code hello} message opens the stream, a {@code dropped} message says
 * how many events a slow reader missed, and a comment every {@value #KEEPALIVE_SECONDS} s keeps
 * idle connections open. The stream ends when the client goes or the server stops.
 */
final class LiveRoutes {
  static final long KEEPALIVE_SECONDS = 15;

  private final ConsoleApi console;

  LiveRoutes(ConsoleApi console) {
    this.console = console;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/admin/events/live").id("liveEvents").tag("operations-admin").access(Access.ADMIN)
            .summary("New events as server-sent events (text/event-stream): messages 'hello', 'event' (an EventSummary) and 'dropped'")
            .query("tenant", "only this tenant's events", false, string())
            .query("category", "only these categories, comma-separated (e.g. Order,Payment)", false, string())
            .responds(200, string()).respondsText("text/event-stream").handle(this::stream));
  }

  record Hello(long position, String tenant, Set<String> categories) {}

  record Dropped(long dropped) {}

  private Reply stream(Call call) throws IOException, InterruptedException {
    String tenant = call.query("tenant");
    tenant = tenant == null || tenant.isBlank() ? null : tenant.strip();
    if (tenant != null) {
      try {
        StreamName.requireTenant(tenant);
      } catch (InvalidStreamNameException e) {
        throw new InvalidInputException("tenant", e.getMessage());
      }
    }
    Set<String> categories = new LinkedHashSet<>();
    String list = call.query("category");
    if (list != null) {
      for (String c : list.split(",")) {
        if (!c.isBlank()) {
          try {
            categories.add(StreamName.requireCategory(c.strip()));
          } catch (InvalidStreamNameException e) {
            throw new InvalidInputException("category", e.getMessage());
          }
        }
      }
    }
    ObjectMapper mapper = call.mapper();
    HttpServletResponse res = call.context().res();
    try (LiveFeed.Subscription subscription = console.live().subscribe(tenant, categories)) {
      res.setStatus(200);
      res.setContentType("text/event-stream;charset=utf-8");
      res.setHeader("Cache-Control", "no-cache, no-store");
      res.setHeader("X-Accel-Buffering", "no");
      OutputStream out = res.getOutputStream();
      write(out, "retry: 3000\n");
      send(out, "hello", mapper.writeValueAsString(new Hello(console.live().position(), tenant, categories)));
      long reported = 0;
      long lastWrite = System.nanoTime();
      while (!subscription.ended()) {
        RecordedEvent e = subscription.poll(Duration.ofSeconds(1));
        if (e != null) {
          send(out, "event", mapper.writeValueAsString(EventJson.summary(e)));
          lastWrite = System.nanoTime();
        }
        long dropped = subscription.dropped();
        if (dropped > reported) {
          send(out, "dropped", mapper.writeValueAsString(new Dropped(dropped)));
          reported = dropped;
        }
        if (System.nanoTime() - lastWrite > Duration.ofSeconds(KEEPALIVE_SECONDS).toNanos()) {
          write(out, ": keepalive\n\n");
          lastWrite = System.nanoTime();
        }
      }
    } catch (IOException gone) {
      // the client closed the connection: nothing to answer
    }
    return Reply.STREAMED;
  }

  private static void send(OutputStream out, String event, String json) throws IOException {
    write(out, "event: " + event + "\ndata: " + json + "\n\n");
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
