package io.solstice.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.solstice.core.store.CheckpointStore;
import io.solstice.core.store.DeadLetterStore;
import io.solstice.core.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Runs services in one process: all of them (the default) or a chosen subset ({@link
 * Builder#only}, behind {@code --services}).
 *
 * <pre>{@code
 * ServiceHost host = ServiceHost.builder(store)
 *     .checkpoints(store.checkpoints())
 *     .deadLetters(store.deadLetters())
 *     .meterRegistry(registry)
 *     .service(fraud)
 *     .service(mail)
 *     .build();
 * host.start();
 * ...
 * host.stop(Duration.ofSeconds(10)); // finishes in-flight input, stores checkpoints
 * }</pre>
 *
 * Source URIs are resolved by scheme: {@code store:} is built in ({@link StoreSource}); other
 * schemes (Kafka) are added with {@link Builder#sourceFactory}.
 */
public final class ServiceHost implements AutoCloseable {

  private final Map<String, ServiceSlot> slots;
  private final Map<String, Boolean> leased;
  private final Map<EventStore, StoreFeed> feeds;
  private final LeaseKeeper keeper;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private boolean started;

  private ServiceHost(Map<String, ServiceSlot> slots, Map<String, Boolean> leased, Map<EventStore, StoreFeed> feeds, LeaseKeeper keeper) {
    this.slots = slots;
    this.leased = leased;
    this.feeds = feeds;
    this.keeper = keeper;
  }

  /** The name of the lease that makes one instance of {@code service} the active one on a store feed. */
  public static String leaseName(String service) {
    return "service:" + service;
  }

  public static Builder builder(EventStore store) {
    return new Builder(store);
  }

  /** The names of the services this host runs, in the order added. */
  public List<String> services() {
    return List.copyOf(slots.keySet());
  }

  /** Starts every service. */
  public void start() {
    lifecycle.lock();
    try {
      if (started) {
        throw new IllegalStateException("service host already started");
      }
      started = true;
      feeds.values().forEach(StoreFeed::start);
      slots.forEach((name, slot) -> {
        if (keeper != null && leased.get(name)) {
          slot.startLeased(keeper, leaseName(name));
        } else {
          slot.startUnleased();
        }
      });
      if (keeper != null) {
        keeper.start();
      }
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Stops every service gracefully: no new input is read or dispatched, input being handled is
   * finished (up to {@code timeout}), checkpoints are stored.
   */
  public void stop(Duration timeout) {
    lifecycle.lock();
    try {
      for (ServiceSlot slot : slots.values()) {
        slot.stop(timeout);
      }
      feeds.values().forEach(StoreFeed::close);
    } finally {
      lifecycle.unlock();
    }
  }

  /** Stops with a 30-second timeout. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /** Live and ready health of every service. */
  public Health health() {
    boolean live = true;
    boolean ready = !slots.isEmpty();
    Map<String, String> states = new TreeMap<>();
    for (ServiceSlot slot : slots.values()) {
      ServiceRunner<?, ?> r = slot.runner();
      if (r == null) {
        states.put(slot.name(), slot.role() == ServiceSlot.Role.STANDBY ? "STANDBY" : slot.role().name());
        continue;
      }
      live &= r.live();
      ready &= r.ready();
      states.put(slot.name(), r.state().name());
    }
    return new Health(live, ready, states);
  }

  /** Each service's role in this process: {@code active} (running), {@code standby} (waiting for its lease) or {@code stopped}. */
  public Map<String, String> roles() {
    Map<String, String> roles = new TreeMap<>();
    slots.forEach((name, slot) -> roles.put(name, switch (slot.role()) {
      case NEW, STANDBY -> "standby";
      case ACTIVE -> "active";
      case STOPPED -> "stopped";
    }));
    return roles;
  }

  /** Stores every service's advanced checkpoints now (the host also does so periodically and on stop). */
  public void flushCheckpoints() {
    for (ServiceSlot slot : slots.values()) {
      ServiceRunner<?, ?> r = slot.runner();
      if (r != null) {
        r.flushCheckpoints();
      }
    }
  }

  /** For tests in this package: the runner of the current lease term, or null while standing by. */
  ServiceRunner<?, ?> runner(String service) {
    ServiceSlot slot = slots.get(service);
    return slot == null ? null : slot.runner();
  }

  /** For tests in this package: stops every thread at once, storing no checkpoint, as a crash would. */
  void abort() {
    slots.values().forEach(ServiceSlot::abort);
    feeds.values().forEach(StoreFeed::close);
  }

  /** Configures a {@link ServiceHost}; every setting is checked at once. */
  public static final class Builder {
    private final EventStore store;
    private CheckpointStore checkpoints;
    private DeadLetterStore deadLetters;
    private InstantSource clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private MeterRegistry meterRegistry;
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private Duration checkpointInterval = Duration.ofSeconds(1);
    private Duration replayPollInterval = Duration.ofSeconds(2);
    private Duration pollWait = Duration.ofSeconds(1);
    private int feedWindow = 16_384;
    private LeaseKeeper leases;
    private final Map<String, SourceFactory> factories = new HashMap<>();
    private final List<Service<?, ?>> services = new ArrayList<>();
    private Set<String> only;

    private Builder(EventStore store) {
      this.store = Objects.requireNonNull(store, "store");
      factories.put(StoreSource.SCHEME, StoreSource.factory());
    }

    /** Where checkpoints are stored (required; the SQL store's {@code checkpoints()}). */
    public Builder checkpoints(CheckpointStore checkpoints) {
      this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
      return this;
    }

    /** Where dead letters are parked (required; the SQL store's {@code deadLetters()}). */
    public Builder deadLetters(DeadLetterStore deadLetters) {
      this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
      return this;
    }

    /** The clock for backoff, stuck detection and lag (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How retries wait (default: sleep). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The source of jitter, uniform in [0, 1) (default: {@link ThreadLocalRandom}). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Where metrics go (default: a private {@link SimpleMeterRegistry}). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /** Where spans go (default: {@link OpenTelemetry#noop()}, no spans). */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** How often advanced checkpoints are stored (default 1 s). */
    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = positive("checkpointInterval", interval);
      return this;
    }

    /** How often dead letters marked for replay are looked for (default 2 s). */
    public Builder replayPollInterval(Duration interval) {
      this.replayPollInterval = positive("replayPollInterval", interval);
      return this;
    }

    /** The longest a reader waits for new input before looking again (default 1 s). */
    public Builder pollWait(Duration wait) {
      this.pollWait = positive("pollWait", wait);
      return this;
    }

    /**
     * How many of the latest events the host's shared feed keeps in memory (default 16,384): a
     * service that falls further behind reads the store itself until it catches up.
     */
    public Builder feedWindow(int events) {
      if (events < 2 || events > (1 << 24)) {
        throw new IllegalArgumentException("feedWindow must be 2 to 16777216 events, was " + events);
      }
      this.feedWindow = events;
      return this;
    }

    /**
     * Runs at most one active instance per service across the processes sharing this store: each
     * service that reads only {@code store:} sources stands by until {@code keeper} grants it the
     * lease {@link ServiceHost#leaseName(String)}, and its checkpoint writes are fenced by that
     * grant. Without it (the default) every service runs at once, as one process alone on a store
     * does. The caller starts nothing: the host starts the keeper; the caller closes it after
     * stopping the host.
     */
    public Builder leases(LeaseKeeper keeper) {
      this.leases = Objects.requireNonNull(keeper, "keeper");
      return this;
    }

    /** Resolves source URIs of {@code scheme} (e.g. {@code kafka}) with {@code factory}. */
    public Builder sourceFactory(String scheme, SourceFactory factory) {
      if (scheme == null || !scheme.matches("[a-z][a-z0-9+.-]*")) {
        throw new IllegalArgumentException("invalid source scheme " + scheme + ": use lowercase letters, e.g. kafka");
      }
      factories.put(scheme, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** Adds a service. */
    public Builder service(Service<?, ?> service) {
      Objects.requireNonNull(service, "service");
      for (Service<?, ?> s : services) {
        if (s.name().equals(service.name())) {
          throw new IllegalArgumentException("two services are named " + service.name() + "; service names must be unique");
        }
      }
      services.add(service);
      return this;
    }

    /** Adds services. */
    public Builder services(Collection<? extends Service<?, ?>> all) {
      all.forEach(this::service);
      return this;
    }

    /**
     * Runs only these services (the {@code --services} flag); null or empty runs all. Every name
     * must be one of the added services.
     */
    public Builder only(Collection<String> names) {
      this.only = names == null || names.isEmpty() ? null : new LinkedHashSet<>(names);
      return this;
    }

    public ServiceHost build() {
      if (checkpoints == null) {
        throw new IllegalStateException("service host needs a checkpoint store: call checkpoints(store.checkpoints())");
      }
      if (deadLetters == null) {
        throw new IllegalStateException("service host needs a dead-letter store: call deadLetters(store.deadLetters())");
      }
      if (only != null) {
        List<String> known = services.stream().map(Service::name).toList();
        for (String n : only) {
          if (!known.contains(n)) {
            throw new IllegalArgumentException("--services names unknown service '" + n + "'; known services: " + known);
          }
        }
      }
      HostSettings settings = new HostSettings(store, checkpoints, deadLetters, clock, sleeper, random,
          meterRegistry != null ? meterRegistry : new SimpleMeterRegistry(), openTelemetry, checkpointInterval, replayPollInterval,
          pollWait);
      Map<String, ServiceSlot> slots = new LinkedHashMap<>();
      Map<String, Boolean> leased = new LinkedHashMap<>();
      Map<EventStore, StoreFeed> feeds = new java.util.IdentityHashMap<>();
      Function<EventStore, StoreFeed> newFeed = x -> new StoreFeed(x, feedWindow, pollWait);
      Function<EventStore, StoreFeed> feedFor = s -> feeds.computeIfAbsent(s, newFeed);
      for (Service<?, ?> s : services) {
        if (only == null || only.contains(s.name())) {
          List<Source> sources = sources(s);
          // every store source's feed is created now, so start() can start them before the runners
          sources.stream().filter(StoreSource.class::isInstance).flatMap(src -> ((StoreSource) src).store().feeds().stream())
              .forEach(store -> feeds.computeIfAbsent(store, newFeed));
          leased.put(s.name(), sources.stream().noneMatch(Source::ownsCheckpoints));
          slots.put(s.name(), new ServiceSlot(s.name(), (lease, fencedOut) -> runner(s, sources, settings, feedFor, lease, fencedOut)));
        }
      }
      return new ServiceHost(slots, leased, feeds, leases);
    }

    private <I, O> ServiceRunner<I, O> runner(Service<I, O> service, List<Source> sources, HostSettings settings,
        Function<EventStore, StoreFeed> feeds, io.solstice.core.store.Lease lease, Runnable fencedOut) {
      return new ServiceRunner<>(service, sources, settings, feeds, lease, fencedOut);
    }

    private List<Source> sources(Service<?, ?> service) {
      List<Source> sources = new ArrayList<>();
      for (String uri : service.sources()) {
        String scheme = uri.substring(0, uri.indexOf(':'));
        SourceFactory f = factories.get(scheme);
        if (f == null) {
          throw new IllegalArgumentException("service " + service.name() + ": no source factory for scheme '" + scheme + "' in " + uri
              + "; known schemes: " + factories.keySet() + " (register one with sourceFactory)");
        }
        sources.add(f.create(uri, store, service.scheduling().pageSize()));
      }
      return sources;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
