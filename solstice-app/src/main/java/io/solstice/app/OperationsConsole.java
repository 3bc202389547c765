package io.solstice.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.solstice.app.http.ConsoleApi;
import io.solstice.app.ops.EventBrowser;
import io.solstice.app.ops.RegistryServiceDirectory;
import io.solstice.app.ops.ServiceDirectory;
import io.solstice.app.ops.LatencyWindow;
import io.solstice.app.ops.LiveFeed;
import io.solstice.app.ops.LocalServiceDirectory;
import io.solstice.app.ops.MailEffects;
import io.solstice.app.ops.Overview;
import io.solstice.app.ops.Timeline;
import io.solstice.commerce.cart.Cart;
import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.fraud.FraudCheck;
import io.solstice.commerce.fulfillment.Shipment;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.commerce.payment.Payment;
import io.solstice.commerce.readmodel.ReadModels;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.tenancy.Tenant;
import io.solstice.pipeline.ServiceHost;
import io.solstice.store.sql.SqlEventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The operations console's parts in one process, wired: the live feed, the timeline sampler, the
 * event browser, the service directory on the store's instance registry (which every process's
 * {@link InstanceHeartbeat} feeds), and the overview, as the {@link ConsoleApi} the HTTP API serves.
 * The timeline samples from the start; the live feed reads the store only once the console (or its
 * API) first asks. {@link #close()} stops both.
 */
final class OperationsConsole implements AutoCloseable {

  /** The categories searched when the console looks a stream up by id alone. */
  static final List<String> CATEGORIES = List.of(Order.CATEGORY, FraudCheck.CATEGORY, Payment.CATEGORY, Shipment.CATEGORY, Cart.CATEGORY,
      Stock.CATEGORY, Product.CATEGORY, Tenant.CATEGORY);

  private final LiveFeed live;
  private final Timeline timeline;
  private final ConsoleApi api;

  private OperationsConsole(LiveFeed live, Timeline timeline, ConsoleApi api) {
    this.live = live;
    this.timeline = timeline;
    this.api = api;
  }

  /**
   * @param host this process's services (null when it runs none)
   * @param mailDirectory the file sink's directory, or null when mail goes over SMTP
   */
  static OperationsConsole start(Platform.Config config, String instanceId, SqlEventStore store, MeterRegistry meters, Tenancy tenancy,
      ReadModels readModels, ServiceHost host, LatencyWindow mailLatency, Path mailDirectory, Clock clock) {
    LiveFeed live = new LiveFeed(store, config.pollWait());
    Timeline timeline = new Timeline(live, mailLatency, meters, config.observability().sampleInterval(), clock);
    timeline.start();
    LocalServiceDirectory local = new LocalServiceDirectory(instanceId, InstanceHeartbeat.hostName(), () -> host, meters, timeline, clock);
    ServiceDirectory services = new RegistryServiceDirectory(store.instances(), local, InstanceHeartbeat.LIVE_WITHIN);
    ConsoleApi api = new ConsoleApi(store.deadLetters(), services, new EventBrowser(store, CATEGORIES), live,
        new Overview(tenancy, readModels, live, timeline, clock), new MailEffects(mailDirectory));
    return new OperationsConsole(live, timeline, api);
  }

  ConsoleApi api() {
    return api;
  }

  /** Ends every live stream now (before the HTTP server waits for requests in flight). */
  void endLiveStreams() {
    live.closeSubscriptions();
  }

  @Override
  public void close() {
    timeline.close();
    live.close();
  }
}
