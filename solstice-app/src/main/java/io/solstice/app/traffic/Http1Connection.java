package io.solstice.app.traffic;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One HTTP/1.1 connection of {@link Http1Client}: writes a request as one buffer and parses the
 * answer out of its own read buffer, both reused from request to request. Used by one thread at a
 * time (the pool hands it over).
 */
final class Http1Connection {
  /** What to send: header values must be ASCII without CR or LF. */
  record Request(String method, String target, String host, String bearer, byte[] body, String idempotencyKey) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private byte[] request = new byte[1_024];
  private int requestLength;
  private final byte[] buffer = new byte[16 * 1_024];
  private int position;
  private int limit;
  private boolean answerStarted;
  private boolean reusable;
  private long idleSince;

  Http1Connection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Whether a byte of the last answer arrived (then the server saw the request). */
  boolean answerStarted() {
    return answerStarted;
  }

  /** Whether the last answer left the connection open for another request. */
  boolean reusable() {
    return reusable;
  }

  long idleSince() {
    return idleSince;
  }

  void idleSince(long nanos) {
    idleSince = nanos;
  }

  Http1Client.Answer exchange(Request r) throws IOException {
    answerStarted = false;
    reusable = false;
    write(r);
    out.write(request, 0, requestLength);
    out.flush();
    while (true) {
      String statusLine = line();
      int status = status(statusLine);
      boolean close = statusLine.startsWith("HTTP/1.0");
      long length = -1;
      boolean chunked = false;
      String retryAfter = null;
      String h;
      while (!(h = line()).isEmpty()) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String value = h.substring(colon + 1).strip();
        if (h.regionMatches(true, 0, "Content-Length", 0, colon) && colon == 14) {
          length = parseLength(value);
        } else if (h.regionMatches(true, 0, "Transfer-Encoding", 0, colon) && colon == 17) {
          chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
        } else if (h.regionMatches(true, 0, "Connection", 0, colon) && colon == 10) {
          close = value.equalsIgnoreCase("close") || close && !value.equalsIgnoreCase("keep-alive");
        } else if (h.regionMatches(true, 0, "Retry-After", 0, colon) && colon == 11) {
          retryAfter = value;
        }
      }
      if (status >= 100 && status < 200) {
        continue; // 100 Continue and friends: the real answer follows
      }
      String body;
      if (status == 204 || status == 304 || r.method().equals("HEAD")) {
        body = "";
      } else if (chunked) {
        body = chunked();
      } else if (length >= 0) {
        body = fixed(length);
      } else {
        body = untilEnd();
        close = true;
      }
      reusable = !close;
      return new Http1Client.Answer(status, retryAfter, body);
    }
  }

  void close() {
    reusable = false;
    try {
      socket.close();
    } catch (IOException e) {
      // already broken: nothing to release
    }
  }

  private void write(Request r) {
    requestLength = 0;
    ascii(r.method());
    put((byte) ' ');
    target(r.target());
    ascii(" HTTP/1.1\r\nHost: ");
    header(r.host());
    if (r.bearer() != null) {
      ascii("\r\nAuthorization: Bearer ");
      header(r.bearer());
    }
    if (r.idempotencyKey() != null) {
      ascii("\r\nIdempotency-Key: ");
      header(r.idempotencyKey());
    }
    if (r.body() != null) {
      ascii("\r\nContent-Type: application/json");
    }
    if (r.body() != null || r.method().equals("POST") || r.method().equals("PUT")) {
      ascii("\r\nContent-Length: ");
      ascii(Integer.toString(r.body() == null ? 0 : r.body().length));
    }
    ascii("\r\n\r\n");
    if (r.body() != null) {
      put(r.body(), 0, r.body().length);
    }
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      request[requestLength++] = (byte) s.charAt(i);
    }
  }

  private void header(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("a header value must be printable ASCII; " + value + " has character " + (int) c + " at " + i);
      }
    }
    ascii(value);
  }

  /** The request target, with any character outside printable ASCII percent-encoded as UTF-8. */
  private void target(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        int end = i + (Character.isHighSurrogate(c) && i + 1 < target.length() ? 2 : 1);
        for (byte b : target.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          ascii(String.format("%%%02X", b & 0xff));
        }
        i = end - 1;
      } else {
        put((byte) c);
      }
    }
  }

  private void put(byte b) {
    ensure(1);
    request[requestLength++] = b;
  }

  private void put(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, request, requestLength, length);
    requestLength += length;
  }

  private void ensure(int more) {
    if (requestLength + more > request.length) {
      request = Arrays.copyOf(request, Math.max(request.length * 2, requestLength + more));
    }
  }

  private static int status(String statusLine) throws IOException {
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new IOException("not an HTTP/1.x status line: " + excerpt(statusLine));
    }
    try {
      return Integer.parseInt(statusLine, 9, 12, 10);
    } catch (NumberFormatException e) {
      throw new IOException("bad status in " + excerpt(statusLine), e);
    }
  }

  private static long parseLength(String value) throws IOException {
    try {
      long n = Long.parseLong(value);
      if (n < 0 || n > Integer.MAX_VALUE) {
        throw new IOException("Content-Length out of range: " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException("bad Content-Length: " + excerpt(value), e);
    }
  }

  /** The next line of the answer (ISO-8859-1), without its CRLF or LF. */
  private String line() throws IOException {
    StringBuilder longLine = null;
    while (true) {
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
          String part = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
          position = i + 1;
          if (longLine == null) {
            return part;
          }
          String whole = longLine.append(part).toString();
          return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
        }
      }
      if (longLine == null) {
        longLine = new StringBuilder();
      }
      if (longLine.length() > 64 * 1_024) {
        throw new IOException("an answer's header line is longer than 64 KiB");
      }
      longLine.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
      position = limit;
      fill();
    }
  }

  private String fixed(long length) throws IOException {
    int n = (int) length;
    if (limit - position >= n) {
      String s = new String(buffer, position, n, StandardCharsets.UTF_8);
      position += n;
      return s;
    }
    byte[] bytes = new byte[n];
    int have = limit - position;
    System.arraycopy(buffer, position, bytes, 0, have);
    position = limit;
    while (have < n) {
      int read = in.read(bytes, have, n - have);
      if (read < 0) {
        throw new EOFException("the server closed the connection " + (n - have) + " bytes before the end of the answer");
      }
      have += read;
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private String chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int semicolon = sizeLine.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + excerpt(sizeLine), e);
      }
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers: ignored
        }
        return body.toString(StandardCharsets.UTF_8);
      }
      while (size > 0) {
        if (position == limit) {
          fill();
        }
        int n = Math.min(size, limit - position);
        body.write(buffer, position, n);
        position += n;
        size -= n;
      }
      line(); // the CRLF after the chunk
    }
  }

  private String untilEnd() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(buffer, position, limit - position);
    position = limit;
    int read;
    while ((read = in.read(buffer)) > 0) {
      body.write(buffer, 0, read);
    }
    position = limit = 0;
    return body.toString(StandardCharsets.UTF_8);
  }

  private void fill() throws IOException {
    int read = in.read(buffer, 0, buffer.length);
    if (read < 0) {
      throw new EOFException(answerStarted ? "the server closed the connection in the middle of an answer"
          : "the server closed the connection before answering");
    }
    answerStarted = true;
    position = 0;
    limit = read;
  }

  private static String excerpt(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  @Override
  public String toString() {
    return "HTTP/1.1 connection " + socket.getLocalPort() + " → " + socket.getRemoteSocketAddress();
  }
}
