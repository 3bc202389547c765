package io.solstice.app.http;

import io.solstice.app.ops.EventBrowser;
import io.solstice.app.ops.LiveFeed;
import io.solstice.app.ops.MailEffects;
import io.solstice.app.ops.Overview;
import io.solstice.app.ops.ServiceDirectory;
import io.solstice.core.store.DeadLetterStore;
import java.util.Objects;

/**
 * What the operations console and its {@code /admin/…} API read and act on: dead letters, the
 * service directory, the event store's streams and causation links, the live feed and the
 * overview. One per process.
 */
public record ConsoleApi(
    DeadLetterStore deadLetters,
    ServiceDirectory services,
    EventBrowser events,
    LiveFeed live,
    Overview overview,
    MailEffects mails) {

  public ConsoleApi {
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(overview, "overview");
    Objects.requireNonNull(mails, "mails");
  }
}
