package io.solstice.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.solstice.core.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DATA/server.json}: how commands find the server running on a data directory. {@code
 * solstice serve} writes it once it listens and removes it when it stops; commands that must not
 * open the data directory's files behind a running server's back (DuckDB allows one process on
 * {@code analytics.duckdb}) read it and talk to the server instead.
 *
 * <pre>{@code
 * {"url": "http://127.0.0.1:8080", "pid": 4242, "startedAt": "2025-03-01T10:00:00Z"}
 * }</pre>
 *
 * {@code url} (required) is a base URL this machine can reach (loopback when the server binds every
 * interface); {@code pid} (optional) is the server's process id: when no such process is alive the
 * file is stale and ignored; {@code startedAt} is informational. Unknown fields are ignored.
 *
 * @param url the server's base URL
 * @param pid its process id, or null if not recorded
 * @param startedAt when it started, or null
 */
public record ServerFile(URI url, Long pid, Instant startedAt) {

  /** The file's name inside the data directory. */
  public static final String FILE_NAME = "server.json";

  /** {@code dataDirectory/server.json}. */
  public static Path in(Path dataDirectory) {
    return dataDirectory.resolve(FILE_NAME).toAbsolutePath().normalize();
  }

  /**
   * The server recorded in the data directory, if the file is there and its process is alive.
   *
   * @throws IllegalArgumentException if the file is there but unreadable or malformed
   */
  public static Optional<ServerFile> readLive(Path dataDirectory) {
    Path file = in(dataDirectory);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    ServerFile server;
    try {
      JsonNode json = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      JsonNode url = json.get("url");
      if (url == null || !url.isTextual() || url.asText().isBlank()) {
        throw new IllegalArgumentException("it has no \"url\"");
      }
      URI uri = URI.create(url.asText().strip());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("its url " + uri + " is not http(s)");
      }
      JsonNode pid = json.get("pid");
      JsonNode started = json.get("startedAt");
      server = new ServerFile(uri, pid != null && pid.canConvertToLong() ? pid.asLong() : null,
          started != null && started.isTextual() ? Instant.parse(started.asText()) : null);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + " is unreadable or malformed (" + e.getMessage()
          + "); it should be {\"url\": \"http://HOST:PORT\", \"pid\": N}. Delete it if no server runs, or pass --url");
    }
    if (server.pid() != null && ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false) == false) {
      return Optional.empty();
    }
    return Optional.of(server);
  }

  /**
   * Writes {@code dataDirectory/server.json} for this process (atomically: a reader sees the old
   * file or the new one, never half of it). For {@code solstice serve}.
   */
  public static Path write(Path dataDirectory, URI url, Instant startedAt) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", url.toString());
    json.put("pid", ProcessHandle.current().pid());
    json.put("startedAt", startedAt.toString());
    Path file = in(dataDirectory);
    io.solstice.core.io.OwnerOnly.directories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), ".server", ".json.tmp");
    try {
      Files.writeString(temp, Json.mapper().writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return file;
  }

  /** Removes the file if it names this process (another server may have replaced it). For {@code solstice serve} on stop. */
  public static void removeOwn(Path dataDirectory) throws IOException {
    Path file = in(dataDirectory);
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      JsonNode pid = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8)).get("pid");
      if (pid != null && pid.asLong() == ProcessHandle.current().pid()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | RuntimeException e) {
      // not ours to judge: leave a malformed file for a human
    }
  }
}
