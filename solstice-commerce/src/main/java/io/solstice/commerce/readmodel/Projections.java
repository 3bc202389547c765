package io.solstice.commerce.readmodel;

import io.solstice.commerce.Categories;
import io.solstice.commerce.catalog.Product;
import io.solstice.commerce.inventory.Stock;
import io.solstice.commerce.order.Order;
import io.solstice.core.RecordedEvent;
import io.solstice.core.codec.EventDecodingException;
import io.solstice.pipeline.Parallelism;
import io.solstice.pipeline.RetryPolicy;
import io.solstice.pipeline.Service;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Service {@code projections}: keeps every read model ({@link ReadModel}) up to date from the
 * {@code Product}, {@code Stock} and {@code Order} categories of every tenant.
 *
 * <ul>
 *   <li><b>Order.</b> Inputs run one at a time per stream, in version order; streams run
 *       concurrently, so many streams' changes share each transaction. A (tenant, category)
 *       partition's progress is the service's in-memory checkpoint of it — the position through
 *       which every event of the partition is applied — which the pipeline reports as it advances
 *       ({@link io.solstice.pipeline.ProgressListener}, to {@link ProjectionProgress}).
 *   <li><b>At least once, applied once.</b> Each event first claims the row it changes (the row
 *       records the last position applied); a redelivered event claims nothing and writes nothing.
 *       Events of different partitions applied at the same moment share one transaction ({@link
 *       BatchedApply}: group commit); an event is acknowledged only once its transaction committed.
 *   <li><b>Failures.</b> A failing write (database down, a malformed event) is retried with backoff
 *       and halts its partition rather than parking: a skipped event would leave a wrong row.
 *       A partition failing for a minute is reported stuck; fix the cause, or rebuild.
 * </ul>
 *
 * One service, so {@code --services projections} selects every read model; the tables are created
 * (if missing) when the service is built.
 */
public final class Projections {
  private Projections() {}

  /** The service name (checkpoints, metrics, {@code --services}). */
  public static final String NAME = "projections";

  /** The source: every projected category of every tenant. */
  static final String SOURCE = "store:" + Product.CATEGORY + "," + Stock.CATEGORY + "," + Order.CATEGORY;

  /**
   * The service writing the read models' tables in {@code dataSource} (the SQL event store's {@code
   * dataSource()}), reporting its progress to {@code progress} (share it with {@link SqlReadModels}).
   */
  public static Service<?, ?> service(Categories categories, DataSource dataSource, ProjectionProgress progress) {
    Sql.Dialect dialect = Sql.dialectOf(dataSource);
    createTables(dataSource, dialect);
    Decoding decoding = new Decoding(categories);
    BatchedApply batched = new BatchedApply(dataSource, dialect, Tables.LIVE);
    return Service.named(NAME)
        .consume(SOURCE)
        .decode(e -> Optional.of(decoding.decode(e)))
        .handle((Change change) -> change)
        .interpret((change, ctx) -> batched.apply(change))
        .parallelism(Parallelism.byStream())
        .onProgress((partition, position) -> progress.applied(partition.tenant(), partition.name().substring("store:".length()), position))
        .retry(RetryPolicy.defaults().withMaxAttempts(10).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(30))
            .whenExhausted(RetryPolicy.Exhausted.HALT_STREAM))
        .build();
  }

  static void createTables(DataSource dataSource, Sql.Dialect dialect) {
    try {
      ReadModelSchema.migrate(dataSource);
    } catch (RuntimeException e) {
      throw new ReadModelException("cannot create or migrate the read-model tables (" + dialect + "): " + e.getMessage()
          + "; check that the database user may create tables in the event store's database (or schema)", e);
    }
  }

  /** Applies one change to the tables {@code t}; false when it was applied before (or is of an unknown type). */
  static boolean apply(Connection c, Tables t, Change change) throws SQLException {
    String id = change.envelope().stream().id();
    return switch (change) {
      case Change.ProductChange p -> ProductsProjector.apply(c, t, p.tenant(), id, p.position(), p.event());
      case Change.StockChange s -> ProductsProjector.apply(c, t, s.tenant(), id, s.position(), s.event());
      case Change.OrderChange o -> OrdersProjector.apply(c, t, o.envelope(), o.event());
      case Change.Unknown u -> false;
      case Change.Unreadable u -> throw new ReadModelException("cannot project " + u.envelope() + ": its data does not decode ("
          + u.error().getMessage() + "); the partition " + u.tenant() + "/" + u.category() + " waits on it", u.error());
    };
  }

  /** Turns envelopes into changes; never skips an event of a projected category. */
  static final class Decoding {
    private final Categories categories;

    Decoding(Categories categories) {
      this.categories = categories;
    }

    Change decode(RecordedEvent e) {
      try {
        return switch (e.stream().category()) {
          case Product.CATEGORY -> categories.products().codec().decode(e).<Change>map(ev -> new Change.ProductChange(e, ev))
              .orElseGet(() -> new Change.Unknown(e));
          case Stock.CATEGORY -> categories.stock().codec().decode(e).<Change>map(ev -> new Change.StockChange(e, ev))
              .orElseGet(() -> new Change.Unknown(e));
          case Order.CATEGORY -> categories.orders().codec().decode(e).<Change>map(ev -> new Change.OrderChange(e, ev))
              .orElseGet(() -> new Change.Unknown(e));
          default -> new Change.Unknown(e);
        };
      } catch (EventDecodingException | IllegalArgumentException ex) {
        return new Change.Unreadable(e, ex);
      }
    }
  }
}
