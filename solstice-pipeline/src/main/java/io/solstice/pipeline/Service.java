package io.solstice.pipeline;

import io.solstice.core.RecordedEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The definition of one service: decode → handle → interpret over one or more sources.
 *
 * <pre>{@code
 * Service<FraudInput, FraudVerdict> fraud = Service.named("fraud-check")
 *     .consume("store:Order")                   // sources by URI
 *     .decode(FraudCheck::decode)               // envelope -> Optional<input>; empty = skip
 *     .handle(FraudCheck::handle)               // input -> output; no effects
 *     .interpret(FraudCheck::interpret)         // output -> effects
 *     .parallelism(Parallelism.byStream())      // the default
 *     .retry(RetryPolicy.defaults().withMaxAttempts(3))
 *     .build();
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>At least once.</b> Every input is handled at least once; after a crash, input handled
 *       since the last stored checkpoint is handled again. Effects must be idempotent ({@link
 *       EffectContext}).
 *   <li><b>Order.</b> Under {@link Parallelism#byStream()} the inputs of one stream are handled one
 *       at a time in version order; at most one handler runs per stream.
 *   <li><b>Skips.</b> What {@link Decoder} declines is counted as skipped, never an error.
 *   <li><b>Failures.</b> A failing input is retried per its {@link RetryPolicy}, then parked as a
 *       dead letter (its stream goes on) or halts its stream.
 * </ul>
 *
 * A definition is immutable and runs inside a {@link ServiceHost}.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class Service<I, O> {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private final String name;
  private final List<String> sources;
  private final Decoder<I> decoder;
  private final Handler<I, O> handler;
  private final Interpreter<O> interpreter;
  private final Parallelism<? super I> parallelism;
  private final Function<? super I, ? extends Collection<String>> correlation;
  private final ProgressListener progress;
  private final RetryPolicy retry;
  private final Scheduling scheduling;

  private Service(Builder<I, O> b) {
    this.name = b.name;
    this.sources = List.copyOf(b.sources);
    this.decoder = b.decoder;
    this.handler = b.handler;
    this.interpreter = b.interpreter;
    this.parallelism = b.parallelism;
    this.correlation = b.correlation;
    this.progress = b.progress;
    this.retry = b.retry;
    this.scheduling = b.scheduling;
  }

  /**
   * Starts a definition.
   *
   * @param name 1-63 characters of {@code [a-z0-9-]} starting with a letter; used in metrics,
   *     checkpoints, dead letters and {@code --services}
   */
  public static Named named(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid service name " + (name == null ? "(null)" : '"' + name + '"')
          + ": use 1-63 characters of [a-z0-9-], starting with a letter");
    }
    return new Named(name);
  }

  public String name() {
    return name;
  }

  /** The source URIs. */
  public List<String> sources() {
    return sources;
  }

  public Decoder<I> decoder() {
    return decoder;
  }

  public Handler<I, O> handler() {
    return handler;
  }

  public Interpreter<O> interpreter() {
    return interpreter;
  }

  public Parallelism<? super I> parallelism() {
    return parallelism;
  }

  public RetryPolicy retry() {
    return retry;
  }

  public Scheduling scheduling() {
    return scheduling;
  }

  /** Told when a partition's in-memory checkpoint advances ({@link ProgressListener#NONE} by default). */
  public ProgressListener progress() {
    return progress;
  }

  /** The correlation ids of an input, for logs and traces. */
  public Collection<String> correlationIds(I input, RecordedEvent event) {
    if (correlation != null) {
      Collection<String> ids = correlation.apply(input);
      return ids == null ? List.of() : ids;
    }
    String id = event.metadata().correlationId();
    return id == null ? List.of() : List.of(id);
  }

  @Override
  public String toString() {
    return "Service[" + name + " " + sources + "]";
  }

  /** The first stage of a definition: a name; next, sources and a decoder. */
  public static final class Named {
    private final String name;
    private final List<String> sources = new ArrayList<>();

    private Named(String name) {
      this.name = name;
    }

    /** Adds sources by URI (see {@link StoreSource} for {@code store:}). */
    public Named consume(String... uris) {
      for (String uri : uris) {
        if (uri == null || uri.indexOf(':') < 1) {
          throw new IllegalArgumentException("service " + name + ": source URI " + uri
              + " has no scheme; use e.g. store:Order or store:?tenant=acme");
        }
        sources.add(uri);
      }
      return this;
    }

    public <I> Decoding<I> decode(Decoder<I> decoder) {
      if (sources.isEmpty()) {
        throw new IllegalStateException("service " + name + " has no source; call consume(\"store:...\") before decode");
      }
      return new Decoding<>(this, Objects.requireNonNull(decoder, "decoder"));
    }
  }

  /** The second stage: a decoder; next, the handler. */
  public static final class Decoding<I> {
    private final Named named;
    private final Decoder<I> decoder;

    private Decoding(Named named, Decoder<I> decoder) {
      this.named = named;
      this.decoder = decoder;
    }

    public <O> Builder<I, O> handle(Handler<I, O> handler) {
      return new Builder<>(named, decoder, Objects.requireNonNull(handler, "handler"));
    }
  }

  /** The last stage: interpreter and options. */
  public static final class Builder<I, O> {
    private final String name;
    private final List<String> sources;
    private final Decoder<I> decoder;
    private final Handler<I, O> handler;
    private Interpreter<O> interpreter;
    private Parallelism<? super I> parallelism = Parallelism.byStream();
    private Function<? super I, ? extends Collection<String>> correlation;
    private ProgressListener progress = ProgressListener.NONE;
    private RetryPolicy retry = RetryPolicy.defaults();
    private Scheduling scheduling = Scheduling.defaults();

    private Builder(Named named, Decoder<I> decoder, Handler<I, O> handler) {
      this.name = named.name;
      this.sources = List.copyOf(named.sources);
      this.decoder = decoder;
      this.handler = handler;
    }

    public Builder<I, O> interpret(Interpreter<O> interpreter) {
      this.interpreter = Objects.requireNonNull(interpreter, "interpreter");
      return this;
    }

    public Builder<I, O> parallelism(Parallelism<? super I> parallelism) {
      this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
      return this;
    }

    /** How to find an input's correlation ids (default: the event's metadata correlation id). */
    public Builder<I, O> correlation(Function<? super I, ? extends Collection<String>> correlation) {
      this.correlation = Objects.requireNonNull(correlation, "correlation");
      return this;
    }

    /** Tells {@code listener} when a partition's in-memory checkpoint advances (see {@link ProgressListener}). */
    public Builder<I, O> onProgress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder<I, O> retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    public Builder<I, O> scheduling(Scheduling scheduling) {
      this.scheduling = Objects.requireNonNull(scheduling, "scheduling");
      return this;
    }

    public Service<I, O> build() {
      if (interpreter == null) {
        throw new IllegalStateException("service " + name + " has no interpreter; call interpret(...) (use (out, ctx) -> {} for none)");
      }
      return new Service<>(this);
    }
  }
}
