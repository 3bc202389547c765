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
import java.util.List;
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

  /** The directory of per-process files inside the data directory: {@code servers/<instance>.json}. */
  public static final String INSTANCES_DIRECTORY = "servers";

  /**
   * Writes {@code dataDirectory/servers/<instanceId>.json} for this process, with the services it
   * runs: several processes sharing one data directory each keep their own file.
   */
  public static Path writeInstance(Path dataDirectory, String instanceId, URI url, List<String> services, Instant startedAt)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", url.toString());
    json.put("pid", ProcessHandle.current().pid());
    json.put("instance", instanceId);
    json.put("services", services);
    json.put("startedAt", startedAt.toString());
    Path file = dataDirectory.resolve(INSTANCES_DIRECTORY).resolve(instanceId + ".json").toAbsolutePath().normalize();
    writeAtomically(file, json);
    return file;
  }

  /** Removes this process's file {@code servers/<instanceId>.json}. */
  public static void removeInstance(Path dataDirectory, String instanceId) throws IOException {
    Files.deleteIfExists(dataDirectory.resolve(INSTANCES_DIRECTORY).resolve(instanceId + ".json"));
  }

  /**
   * The live process of the data directory that runs {@code service} (its process alive), from the
   * per-process files; for {@code solstice analytics query}, which must go through the process that
   * holds the analytics database.
   */
  public static Optional<ServerFile> readLiveRunning(Path dataDirectory, String service) {
    Path dir = dataDirectory.resolve(INSTANCES_DIRECTORY);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        try {
          JsonNode json = Json.mapper().readTree(Files.readString(f, StandardCharsets.UTF_8));
          long pid = json.path("pid").asLong(-1);
          boolean runs = false;
          for (JsonNode s : json.path("services")) {
            runs |= s.asText().equals(service);
          }
          if (runs && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(new ServerFile(URI.create(json.path("url").asText()), pid,
                json.hasNonNull("startedAt") ? Instant.parse(json.get("startedAt").asText()) : null));
          }
        } catch (IOException | RuntimeException e) {
          // a file being written or left half-written by a crash: not a live server
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
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
    writeAtomically(file, json);
    return file;
  }

  private static void writeAtomically(Path file, Map<String, Object> json) throws IOException {
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
