package io.solstice.app.traffic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A raw HTTP/1.1 server for client tests: each request read from a connection is handed to a
 * script that returns the exact bytes to answer, or null to hang up without answering. Records
 * every request and counts connections, so tests can see reuse, retries and framing.
 */
final class ScriptedHttpServer implements AutoCloseable {
  /** One request as the server read it. */
  record Seen(int connection, String requestLine, List<String> headers, String body) {
    String header(String name) {
      return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
          .map(h -> h.substring(h.indexOf(':') + 1).strip()).findFirst().orElse(null);
    }
  }

  /** What to do with a request: the answer's bytes, whether to close the connection after them. */
  record Reply(String raw, boolean closeAfter) {
    static Reply of(String raw) {
      return new Reply(raw, false);
    }
  }

  private final ServerSocket socket;
  private final Function<Seen, Reply> script;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  ScriptedHttpServer(Function<Seen, Reply> script) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    Thread.ofVirtual().name("scripted-http-accept").start(this::accept);
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  int connections() {
    return connections.get();
  }

  static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
        + body;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        open.add(s);
        int n = connections.incrementAndGet();
        Thread.ofVirtual().name("scripted-http-" + n).start(() -> serve(s, n));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int connection) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (true) {
        String requestLine = line(in);
        if (requestLine == null) {
          return;
        }
        List<String> headers = new java.util.ArrayList<>();
        String h;
        int length = 0;
        while ((h = line(in)) != null && !h.isEmpty()) {
          headers.add(h);
          if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(h.substring(15).strip());
          }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        Seen request = new Seen(connection, requestLine, List.copyOf(headers), body);
        seen.add(request);
        Reply reply = script.apply(request);
        if (reply == null) {
          return;
        }
        out.write(reply.raw().getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (reply.closeAfter()) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
