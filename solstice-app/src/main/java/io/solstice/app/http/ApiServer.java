package io.solstice.app.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.solstice.commerce.tenancy.Tenancy;
import io.solstice.commerce.tenancy.Tenancy.TenantContext;
import io.solstice.core.EventMetadata;
import io.solstice.core.codec.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP API on Javalin (virtual threads): registers every {@link Route} of the route table,
 * and runs each call through one pipeline:
 *
 * <ol>
 *   <li>correlation: {@code X-Correlation-Id} taken (or generated), echoed, put in the MDC
 *       ({@code correlationId}); a server span started (a child of the request's {@code
 *       traceparent}) when tracing is on, its trace id in the MDC ({@code traceId});
 *   <li>access: the admin key for ADMIN routes, a tenant's current key for TENANT routes (401
 *       otherwise, missing and wrong keys alike, with {@code WWW-Authenticate}); a client address
 *       with too many failed authentications is answered 429 {@code too_many_failed_authentications}
 *       before its key is even looked at, until its budget refills;
 *   <li>the tenant's rate limit, or the admin routes' (429 with {@code Retry-After});
 *   <li>the handler, with the call's {@link EventMetadata} (correlation, causation, W3C {@code
 *       traceparent}, producer {@code http});
 *   <li>errors of any step mapped by {@link Problems} to {@code application/problem+json}.
 * </ol>
 *
 * Unknown paths answer 404, known paths with another method 405; a request HTTP cannot parse is a
 * 4xx too ({@link MalformedRequestsAre400}), never a 5xx. Every request is timed in {@code
 * solstice.http.requests} (method, route, status, tenant; a histogram with buckets from 5 ms to 5 s).
 *
 * <p>With {@link Options#probes()} false the probes ({@code /health/*}, {@code /metrics}) are not
 * served here but by a {@link #management management server} on their own port. With a {@link
 * ConsoleApi} the operations console and its admin API are served too.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final Pattern CORRELATION = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
  private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final String ATTR_CORRELATION = "solstice.correlation";
  private static final String ATTR_ROUTE = "solstice.route";
  private static final String ATTR_TENANT = "solstice.tenant";
  private static final String ATTR_STARTED = "solstice.started";
  private static final String ATTR_SPAN = "solstice.span";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Context carrier) {
      return carrier.headerMap().keySet();
    }

    @Override
    public String get(Context carrier, String key) {
      return carrier == null ? null : carrier.header(key);
    }
  };

  /** The buckets of the request histogram (a few, so that routes × statuses × tenants stay affordable). */
  private static final java.time.Duration[] HTTP_BUCKETS = java.util.stream.LongStream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000)
      .mapToObj(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new);

  /** Default limit on request bodies: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /**
   * How the server listens and limits.
   *
   * @param host the interface to bind, e.g. {@code 0.0.0.0}
   * @param port the port; 0 picks a free one
   * @param maxBodyBytes the largest accepted request body (413 above)
   * @param rateLimit requests per second per tenant (429 above)
   * @param version the version shown in the OpenAPI document
   * @param adminRateLimit requests per second to the admin routes, all callers together (429 above)
   * @param failedAuthLimit failed authentications per second per client address (a burst of ten
   *     times as many); above it the address is answered 429 on every route that needs a key
   */
  public record Settings(String host, int port, long maxBodyBytes, int rateLimit, String version, int adminRateLimit, int failedAuthLimit) {
    /** Admin routes: 50 requests/s by default. */
    public static final int DEFAULT_ADMIN_RATE_LIMIT = 50;

    /** Failed authentications: 2/s per client address (a burst of 20) by default. */
    public static final int DEFAULT_FAILED_AUTH_LIMIT = 2;

    /** Settings with the default admin and failed-authentication limits. */
    public Settings(String host, int port, long maxBodyBytes, int rateLimit, String version) {
      this(host, port, maxBodyBytes, rateLimit, version, DEFAULT_ADMIN_RATE_LIMIT, DEFAULT_FAILED_AUTH_LIMIT);
    }

    public Settings {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
      }
      if (rateLimit < 1) {
        throw new IllegalArgumentException("rate limit must be at least 1 request/s per tenant, was " + rateLimit);
      }
      if (adminRateLimit < 1) {
        throw new IllegalArgumentException("admin rate limit must be at least 1 request/s, was " + adminRateLimit);
      }
      if (failedAuthLimit < 1) {
        throw new IllegalArgumentException("failed-authentication limit must be at least 1 per second per address, was " + failedAuthLimit);
      }
    }
  }

  /**
   * What the API serves besides the commerce routes, and how it traces.
   *
   * @param openTelemetry where server spans go ({@link OpenTelemetry#noop()}: none)
   * @param probes whether {@code /health/*} and {@code /metrics} are served here (false when a management port serves them)
   * @param console the operations console's backends, or null for no console and no operations admin API
   * @param beforeStop run when the server stops, before requests in flight are waited for (e.g. ends live streams)
   */
  public record Options(OpenTelemetry openTelemetry, boolean probes, ConsoleApi console, Runnable beforeStop) {
    public Options {
      Objects.requireNonNull(openTelemetry, "openTelemetry");
      beforeStop = beforeStop == null ? () -> { } : beforeStop;
    }

    /** No tracing, probes served, no console. */
    public static Options defaults() {
      return new Options(OpenTelemetry.noop(), true, null, null);
    }
  }

  private final Javalin app;
  private final List<Route> routes;
  private final Runnable beforeStop;

  private ApiServer(Javalin app, List<Route> routes, Runnable beforeStop) {
    this.app = app;
    this.routes = routes;
    this.beforeStop = beforeStop;
  }

  /**
   * Builds the route table with {@code options}, starts the server and returns it listening;
   * {@code limiter} enforces the per-tenant rate limit (e.g. {@code RateLimiter.perSecond(settings.rateLimit())}).
   */
  public static ApiServer start(Settings settings, CommerceApi api, Operations operations, MeterRegistry meters, RateLimiter limiter,
      Options options) {
    List<Route> routes = new ArrayList<>();
    ObjectNode[] openApi = new ObjectNode[1];
    OperationsRoutes operationsRoutes = new OperationsRoutes(operations, () -> openApi[0]);
    routes.addAll(operationsRoutes.openApi());
    if (options.probes()) {
      routes.addAll(operationsRoutes.probes());
    }
    routes.addAll(new AdminRoutes(api.tenancy(), api.placements()).routes());
    if (options.console() != null) {
      routes.addAll(new ConsoleRoutes(options.console()).routes());
      routes.addAll(new DeadLetterRoutes(options.console()).routes());
      routes.addAll(new LiveRoutes(options.console()).routes()); // before /admin/events/{eventId}: the first match wins
      routes.addAll(new EventRoutes(options.console()).routes());
    }
    routes.addAll(new ProductRoutes(api.catalog(), api.readModels()).routes());
    routes.addAll(new InventoryRoutes(api.inventory()).routes());
    routes.addAll(new CartRoutes(api.carts()).routes());
    routes.addAll(new OrderRoutes(api.orders(), api.readModels()).routes());
    routes.addAll(new AnalyticsRoutes(api.analytics()).routes());
    requireUnique(routes);
    openApi[0] = OpenApi.document(routes, settings.version(), ApiSchemas.components());
    Pipeline pipeline = new Pipeline(mapper(), api.tenancy(), limiter,
        new RateLimiter(settings.adminRateLimit(), settings.adminRateLimit() * 2.0, System::nanoTime),
        new RateLimiter(settings.failedAuthLimit(), settings.failedAuthLimit() * 10.0, System::nanoTime), settings.maxBodyBytes(), meters,
        options.openTelemetry());
    return listen(settings, routes, pipeline, options.beforeStop());
  }

  /**
   * The management server: only the probes ({@code /health/live}, {@code /health/ready}, {@code
   * /metrics}), public, on their own port ({@code --management-port}), so they need not be exposed
   * with the API.
   */
  public static ApiServer management(String host, int port, Operations operations, Tenancy tenancy, MeterRegistry meters) {
    List<Route> routes = new OperationsRoutes(operations, () -> null).probes();
    Settings settings = new Settings(host, port, 64 * 1024, 1, "management");
    return listen(settings, routes, new Pipeline(mapper(), tenancy, RateLimiter.perSecond(1), RateLimiter.perSecond(1), RateLimiter.perSecond(1),
        settings.maxBodyBytes(), meters, OpenTelemetry.noop()), null);
  }

  private static ObjectMapper mapper() {
    return Json.untrustedBuilder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  private static ApiServer listen(Settings settings, List<Route> routes, Pipeline pipeline, Runnable beforeStop) {
    Javalin app = Javalin.create(config -> {
      config.useVirtualThreads = true;
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = settings.maxBodyBytes();
      config.jetty.defaultHost = settings.host();
      config.jetty.addConnector((server, http) -> {
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server, new MalformedRequestsAre400(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        return connector;
      });
    });
    app.before(pipeline::begin);
    for (Route route : routes) {
      app.addHttpHandler(HandlerType.valueOf(route.method()), route.path(), ctx -> pipeline.handle(route, ctx));
    }
    app.exception(Exception.class, pipeline::fail);
    app.error(404, ctx -> pipeline.renderIfEmpty(ctx, Problems.noRoute()));
    app.error(405, ctx -> pipeline.renderIfEmpty(ctx, Problems.of(new io.javalin.http.MethodNotAllowedResponse())));
    app.after(pipeline::end);
    app.start(settings.host(), settings.port());
    return new ApiServer(app, List.copyOf(routes), beforeStop == null ? () -> { } : beforeStop);
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** The route table, as registered and documented. */
  public List<Route> routes() {
    return routes;
  }

  /** Ends live streams, stops accepting requests and finishes those in progress. */
  @Override
  public void close() {
    try {
      beforeStop.run();
    } finally {
      app.stop();
    }
  }

  private static void requireUnique(List<Route> routes) {
    Set<String> seen = new HashSet<>();
    for (Route r : routes) {
      if (!seen.add(r.method() + " " + r.path()) || !seen.add("#" + r.operationId())) {
        throw new IllegalStateException("route table has a duplicate: " + r.method() + " " + r.path() + " (" + r.operationId() + ")");
      }
    }
  }

  /** The per-request steps, shared by every route. */
  private static final class Pipeline {
    private final ObjectMapper mapper;
    private final Tenancy tenancy;
    private final RateLimiter limiter;
    private final RateLimiter adminLimiter;
    private final RateLimiter failedAuths;
    private final long maxBodyBytes;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final boolean tracing;
    /** The request timers by their tags, so a request finds its timer without building and registering it again. */
    private final java.util.concurrent.ConcurrentHashMap<TimerKey, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    private record TimerKey(String method, String route, int status, String tenant) {}

    Pipeline(ObjectMapper mapper, Tenancy tenancy, RateLimiter limiter, RateLimiter adminLimiter, RateLimiter failedAuths, long maxBodyBytes,
        MeterRegistry meters, OpenTelemetry openTelemetry) {
      this.mapper = mapper;
      this.tenancy = tenancy;
      this.limiter = limiter;
      this.adminLimiter = adminLimiter;
      this.failedAuths = failedAuths;
      this.maxBodyBytes = maxBodyBytes;
      this.meters = meters;
      this.tracing = openTelemetry != OpenTelemetry.noop();
      this.tracer = openTelemetry.getTracer("io.solstice.http");
    }

    void begin(Context ctx) {
      ctx.attribute(ATTR_STARTED, System.nanoTime());
      String given = ctx.header("X-Correlation-Id");
      String correlation = given != null && CORRELATION.matcher(given).matches() ? given : newCorrelationId();
      ctx.attribute(ATTR_CORRELATION, correlation);
      ctx.header("X-Correlation-Id", correlation);
      MDC.put("correlationId", correlation);
      String traceparent = ctx.header("traceparent");
      if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
        traceparent = null;
      }
      if (tracing) {
        io.opentelemetry.context.Context parent = traceparent == null ? io.opentelemetry.context.Context.root()
            : W3C.extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
        Span span = tracer.spanBuilder(ctx.method().name()).setSpanKind(SpanKind.SERVER).setParent(parent)
            .setAttribute("http.request.method", ctx.method().name())
            .setAttribute("url.path", ctx.path())
            .setAttribute("solstice.correlation_id", correlation)
            .startSpan();
        ctx.attribute(ATTR_SPAN, span);
        MDC.put("traceId", span.getSpanContext().getTraceId());
      } else if (traceparent != null) {
        MDC.put("traceId", traceparent.substring(3, 35));
      }
    }

    void handle(Route route, Context ctx) throws Exception {
      ctx.attribute(ATTR_ROUTE, route.path());
      Span span = ctx.attribute(ATTR_SPAN);
      if (span == null) {
        dispatch(route, ctx, null);
        return;
      }
      span.updateName(route.method() + " " + route.path());
      span.setAttribute("http.route", route.path());
      try (Scope scope = span.makeCurrent()) {
        dispatch(route, ctx, span);
      }
    }

    private void dispatch(Route route, Context ctx, Span span) throws Exception {
      TenantContext tenant = switch (route.access()) {
        case PUBLIC -> null;
        case ADMIN -> {
          String client = clientAddress(ctx);
          refuseWhileFailing(client);
          String key = bearer(ctx);
          if (key == null || !tenancy.isAdminKey(key)) {
            throw failedAuthentication(client, "admin routes need the admin key: Authorization: Bearer <SOLSTICE_ADMIN_KEY>");
          }
          long waitNanos = adminLimiter.acquire("admin");
          if (waitNanos > 0) {
            throw rateLimited(waitNanos, "the admin routes are over their rate limit");
          }
          yield null;
        }
        case TENANT -> {
          String client = clientAddress(ctx);
          refuseWhileFailing(client);
          String key = bearer(ctx);
          TenantContext t = key == null ? null : tenancy.authenticate(key).orElse(null);
          if (t == null) {
            throw failedAuthentication(client, "send a current API key of an active tenant: Authorization: Bearer sk_<tenant>_…");
          }

          ctx.attribute(ATTR_TENANT, t.tenantId());
          MDC.put("tenant", t.tenantId());
          if (span != null) {
            span.setAttribute("solstice.tenant", t.tenantId());
          }
          long waitNanos = limiter.acquire(t.tenantId());
          if (waitNanos > 0) {
            throw rateLimited(waitNanos, "tenant " + t.tenantId() + " is over its rate limit");
          }
          yield t;
        }
      };
      String traceparent = span != null && span.getSpanContext().isValid() ? traceparent(span.getSpanContext()) : ctx.header("traceparent");
      String correlation = ctx.attribute(ATTR_CORRELATION);
      EventMetadata metadata = new EventMetadata(correlation, "http:" + correlation,
          traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null, "http");
      Reply reply = route.handler().handle(new Call(ctx, mapper, route, tenant, metadata, maxBodyBytes));
      if (reply == Reply.STREAMED) {
        return;
      }
      reply.headers().forEach(ctx::header);
      ctx.status(reply.status());
      if (reply.contentType() != null && reply.body() instanceof String text) {
        ctx.contentType(reply.contentType()).result(text);
      } else {
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(reply.body()));
      }
    }

    /** 429 while {@code client} has used up its failed-authentication budget: its key is not even looked at. */
    private void refuseWhileFailing(String client) {
      long waitNanos = failedAuths.peek(client);
      if (waitNanos > 0) {
        throw tooManyFailures(waitNanos);
      }
    }

    /** A failed authentication: 401, or 429 once {@code client} is over its failed-authentication budget. */
    private ApiProblem.Failure failedAuthentication(String client, String detail) {
      long waitNanos = failedAuths.acquire(client);
      return waitNanos > 0 ? tooManyFailures(waitNanos) : ApiProblem.unauthorized(detail);
    }

    private static ApiProblem.Failure tooManyFailures(long waitNanos) {
      long seconds = retryAfterSeconds(waitNanos);
      return new ApiProblem(429, "too_many_failed_authentications", "Too many requests",
          "too many requests with a missing or wrong key came from this address; retry after " + seconds + " s with a valid key",
          java.util.Map.of(), java.util.Map.of("Retry-After", Long.toString(seconds))).failure();
    }

    private static ApiProblem.Failure rateLimited(long waitNanos, String what) {
      long seconds = retryAfterSeconds(waitNanos);
      return new ApiProblem(429, "rate_limited", "Too many requests", what + "; retry after " + seconds + " s", java.util.Map.of(),
          java.util.Map.of("Retry-After", Long.toString(seconds))).failure();
    }

    private static long retryAfterSeconds(long waitNanos) {
      return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
    }

    /** The client's address as the connection shows it (a proxy's forwarding headers are not trusted). */
    private static String clientAddress(Context ctx) {
      String address = ctx.req().getRemoteAddr();
      return address == null ? "unknown" : address;
    }

    void fail(Exception error, Context ctx) {
      ApiProblem problem = Problems.of(error);
      if (problem.code().equals("contended")) {
        // expected under load on a hot stream: one line, no stack trace
        log.warn("{} {} answered 503 contended: {}", ctx.method(), ctx.path(), error.getMessage());
      } else if (problem.status() >= 500) {
        log.error("{} {} failed ({}): {}", ctx.method(), ctx.path(), problem.code(), error.toString(), error);
      } else if (log.isDebugEnabled()) {
        log.debug("{} {} answered {} {}: {}", ctx.method(), ctx.path(), problem.status(), problem.code(), problem.detail());
      }
      render(ctx, problem);
    }

    void renderIfEmpty(Context ctx, ApiProblem problem) {
      String result = ctx.result();
      if (result == null || result.isEmpty() || !Problems.MEDIA_TYPE.equals(ctx.res().getContentType())) {
        render(ctx, problem);
      }
    }

    private void render(Context ctx, ApiProblem problem) {
      problem.headers().forEach(ctx::header);
      ctx.status(problem.status());
      try {
        byte[] body = mapper.writeValueAsBytes(Problems.render(mapper, problem, ctx.path(), ctx.attribute(ATTR_CORRELATION)));
        ctx.contentType(Problems.MEDIA_TYPE).result(body);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        ctx.contentType("text/plain").result(problem.status() + " " + problem.code());
      }
    }

    void end(Context ctx) {
      Long started = ctx.attribute(ATTR_STARTED);
      if (started != null) {
        String route = ctx.attribute(ATTR_ROUTE);
        String tenant = ctx.attribute(ATTR_TENANT);
        TimerKey key = new TimerKey(ctx.method().name(), route == null ? "unmatched" : route, ctx.statusCode(), tenant == null ? "-" : tenant);
        Timer timer = timers.get(key);
        if (timer == null) {
          timer = timers.computeIfAbsent(key, k -> Timer.builder("solstice.http.requests").description("HTTP requests by route and outcome")
              .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status())).tag("tenant", k.tenant())
              .serviceLevelObjectives(HTTP_BUCKETS).register(meters));
        }
        timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      }
      Span span = ctx.attribute(ATTR_SPAN);
      if (span != null) {
        int status = ctx.statusCode();
        span.setAttribute("http.response.status_code", (long) status);
        if (status >= 500) {
          span.setStatus(StatusCode.ERROR);
        }
        span.end();
      }
      MDC.remove("correlationId");
      MDC.remove("tenant");
      MDC.remove("traceId");
    }

    /** The W3C {@code traceparent} of {@code span}. */
    private static String traceparent(SpanContext span) {
      return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * A random (version 4) UUID for a request that sent no correlation id. From {@link
     * ThreadLocalRandom}, not {@link UUID#randomUUID()}: a correlation id needs to be unique enough to
     * find a request in the logs, not unpredictable, and the secure generator serialises every
     * request on one lock.
     */
    static String newCorrelationId() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
      long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
      return new UUID(msb, lsb).toString();
    }

    private static String bearer(Context ctx) {
      String header = ctx.header("Authorization");
      if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return null;
      }
      String key = header.substring(7).strip();
      return key.isEmpty() || key.length() > 512 ? null : key;
    }
  }
}
