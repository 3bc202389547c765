package io.solstice.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy between a process under test and a service it depends on (PostgreSQL, an SMTP server,
 * an HTTP simulator), that a fault test cuts and restores: {@link #down()} closes every open
 * connection and stops listening (new connections are refused, as when the service is stopped);
 * {@link #up()} listens again on the same port (as when it is back). {@link #delay} holds each
 * chunk of the service's answers back (a slow service).
 *
 * <p>How: one virtual thread accepts on a loopback port; each accepted connection gets a connection
 * to the target and two virtual threads copying bytes, one each way. Every socket is remembered so
 * that {@code down} can close them all. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong delayMillis = new AtomicLong();
  private final AtomicInteger accepted = new AtomicInteger();
  private ServerSocket server;

  private FaultProxy(InetSocketAddress target) {
    this.target = target;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for a proxy to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Starts a proxy (up) to {@code host:port} on a free loopback port. */
  public static FaultProxy to(String host, int port) {
    FaultProxy proxy = new FaultProxy(new InetSocketAddress(host, port));
    proxy.up();
    return proxy;
  }

  /** The loopback port clients connect to. */
  public int port() {
    return port;
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  /** Listens again (no effect when up). */
  public void up() {
    lock.lock();
    try {
      if (server != null) {
        return;
      }
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      server = s;
      Thread.ofVirtual().name("fault-proxy-accept-" + port).start(() -> accept(s));
    } catch (IOException e) {
      throw new UncheckedIOException("the proxy to " + target + " cannot listen on port " + port + " again: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Stops listening and closes every open connection (no effect when down). */
  public void down() {
    lock.lock();
    try {
      if (server != null) {
        closeQuietly(server);
        server = null;
      }
      for (Socket s : sockets) {
        closeQuietly(s);
      }
      sockets.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Holds back each chunk the target sends by {@code delay} (zero: none). */
  public void delay(Duration delay) {
    delayMillis.set(delay.toMillis());
  }

  @Override
  public void close() {
    down();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return; // closed by down()
      }
      accepted.incrementAndGet();
      Thread.ofVirtual().name("fault-proxy-conn-" + port).start(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    try {
      upstream.connect(target, 5_000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Thread.ofVirtual().name("fault-proxy-up-" + port).start(() -> pump(client, upstream, false));
    pump(upstream, client, true);
  }

  private void pump(Socket from, Socket to, boolean answers) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        long delay = delayMillis.get();
        if (answers && delay > 0) {
          Thread.sleep(delay);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // one side closed, or down() closed both
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
