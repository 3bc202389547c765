package io.solstice.app.traffic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A lean HTTP/1.1 client for the traffic generator: blocking sockets on the caller's (virtual)
 * thread and persistent connections kept in a pool, so a request costs two system calls (one write
 * of the whole request, usually one read of the whole answer) and no hand-over between threads.
 * The JDK's {@code HttpClient} spends several times more CPU per request on its selector thread,
 * executor hops and futures; with 64 shoppers on two shared cores that was most of the load
 * generator's cost.
 *
 * <p>Pool: idle connections sit in a deque used last-in first-out, so a quiet period leaves the
 * oldest ones at the tail; one is taken by one caller at a time and returned after a complete
 * answer that leaves it open (no {@code Connection: close}, a known length). A connection idle
 * longer than {@link #MAX_IDLE} (below the server's idle timeout, 30 s for Jetty) is closed instead of
 * reused. When a reused connection fails before a single byte of the answer arrived (the server
 * closed it while it sat in the pool), the request is sent once more on a fresh connection: the
 * server cannot have acted on it. Read timeouts are never retried here.
 *
 * <p>Answers: {@code Content-Length}, {@code chunked}, or read to the end of the stream; {@code
 * 1xx} answers are skipped. Bodies are decoded as UTF-8. {@code https} URLs use the default
 * {@link SSLSocketFactory} with host-name verification. Thread-safe.
 */
final class Http1Client {
  /** A pooled connection idle longer than this is closed rather than reused. */
  static final Duration MAX_IDLE = Duration.ofSeconds(15);
  private static final int MAX_POOLED = 1_024;

  /** One answer: the status, the {@code Retry-After} header (or null) and the body (never null). */
  record Answer(int status, String retryAfter, String body) {}

  private final String host;
  private final int port;
  private final boolean tls;
  private final String basePath;
  private final String hostHeader;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final ConcurrentLinkedDeque<Http1Connection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger pooled = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();

  /**
   * A client of the server at {@code base} ({@code http} or {@code https}; its path, if any, is put
   * before every request's path).
   */
  Http1Client(URI base, Duration connectTimeout, Duration readTimeout) {
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
      throw new IllegalArgumentException("the server's URL must be http:// or https:// with a host, was " + base);
    }
    this.tls = scheme.equals("https");
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
    this.basePath = path.endsWith("/") ? path : path + "/";
    this.hostHeader = base.getPort() > 0 ? host + ":" + port : host;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
  }

  /** Connections opened so far (a measure of how well the pool reuses them). */
  int connectionsOpened() {
    return opened.get();
  }

  /**
   * Sends one request and reads its answer. {@code path} is relative to the base URL (a leading
   * {@code /} is ignored); {@code body} may be null (no body; {@code Content-Length: 0} for POST and
   * PUT).
   *
   * @throws IOException when no complete answer came: connection refused or broken, read timeout
   */
  Answer exchange(String method, String path, String bearer, byte[] body, String idempotencyKey) throws IOException {
    Http1Connection.Request request = new Http1Connection.Request(method, target(path), hostHeader, bearer, body, idempotencyKey);
    Http1Connection c = take();
    if (c != null) {
      try {
        return finish(c, c.exchange(request));
      } catch (SocketTimeoutException e) {
        c.close();
        throw e;
      } catch (IOException e) {
        c.close();
        if (c.answerStarted()) {
          throw e;
        }
        // the server closed it while it sat in the pool: it never saw the request; go on with a new one
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
    }
    c = open();
    try {
      return finish(c, c.exchange(request));
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private Answer finish(Http1Connection c, Answer answer) {
    if (c.reusable() && pooled.incrementAndGet() <= MAX_POOLED) {
      c.idleSince(System.nanoTime());
      idle.offerFirst(c);
    } else {
      if (c.reusable()) {
        pooled.decrementAndGet();
      }
      c.close();
    }
    return answer;
  }

  private Http1Connection take() {
    long now = System.nanoTime();
    Http1Connection c;
    while ((c = idle.pollFirst()) != null) {
      pooled.decrementAndGet();
      if (now - c.idleSince() < MAX_IDLE.toNanos()) {
        return c;
      }
      c.close();
    }
    return null;
  }

  private Http1Connection open() throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      socket.setSoTimeout(readTimeoutMillis);
      if (tls) {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        socket = ssl;
      }
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    opened.incrementAndGet();
    return new Http1Connection(socket);
  }

  /** The request target: the base URL's path, then {@code path} without its leading slash. */
  String target(String path) {
    return basePath + (path.startsWith("/") ? path.substring(1) : path);
  }

  /** Closes every idle connection; connections in use close when their callers are done with them. */
  void closeIdle() {
    Http1Connection c;
    while ((c = idle.pollFirst()) != null) {
      pooled.decrementAndGet();
      c.close();
    }
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + hostHeader + basePath;
  }
}
