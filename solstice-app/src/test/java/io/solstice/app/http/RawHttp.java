package io.solstice.app.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over one kept-alive socket, for harnesses that must send what a proper
 * client refuses to: raw bytes in the request target, control characters and line breaks in header
 * values, invalid UTF-8 in bodies. Reconnects when the server closes the connection. Not
 * thread-safe: one per test thread.
 */
final class RawHttp implements AutoCloseable {
  /**
   * One exchange's answer: status, headers (lower-case names, last value wins) and body. Status
   * {@value #RESET} when the server reset the connection, twice, before an answer could be read: a
   * server may close at once on a request it cannot parse, and the reset then discards its answer
   * from the client's socket.
   */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A request header, its value given as raw bytes (ISO-8859-1 text, line breaks and all). */
  record Header(String name, String value) {}

  /** The status of an {@link Answer} the server's connection reset took away. */
  static final int RESET = 0;

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Sends one request: {@code target} is written as given (raw), headers' values byte for byte
   * (ISO-8859-1), then {@code Content-Length} and the body when there is one.
   */
  Answer send(String method, String target, List<Header> headers, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    for (Header h : headers) {
      request.writeBytes((h.name() + ": " + h.value() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    if (body != null) {
      request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      request.writeBytes(body);
    }
    byte[] bytes = request.toByteArray();
    for (int attempt = 1; ; attempt++) {
      try {
        connect();
        try {
          out.write(bytes);
          out.flush();
        } catch (IOException refusedMidway) {
          // the server may answer early (e.g. 413) and close while the request is still being sent: read its answer
          Answer early = read();
          disconnect();
          return early;
        }
        Answer answer = read();
        if ("close".equalsIgnoreCase(answer.headers().get("connection"))) {
          disconnect();
        }
        return answer;
      } catch (IOException e) {
        disconnect();
        if (attempt == 2 && e instanceof java.net.SocketException && String.valueOf(e.getMessage()).contains("reset")) {
          return new Answer(RESET, Map.of(), new byte[0]);
        }
        if (attempt == 2) {
          throw new UncheckedIOException(method + " " + target + ": no answer from the server", e);
        }
      }
    }
  }

  private void connect() throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(60_000);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }
  }

  private Answer read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        chunks.writeBytes(in.readNBytes(size));
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers are ignored
      }
      body = chunks.toByteArray();
    } else if (headers.containsKey("content-length")) {
      int length = Integer.parseInt(headers.get("content-length"));
      body = in.readNBytes(length);
      if (body.length < length) {
        throw new EOFException("the body ended after " + body.length + " of " + length + " bytes");
      }
    } else if (status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
      disconnect();
    }
    return new Answer(status, headers, body);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the connection closed mid-answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }

  @Override
  public void close() {
    disconnect();
  }
}
