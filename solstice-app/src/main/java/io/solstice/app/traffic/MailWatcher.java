package io.solstice.app.traffic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the mail directory of a Solstice server ({@code DATA/mail}, one {@code <event id>.eml}
 * per mail) and records when each mail is first seen: {@code Subject: Order ID confirmed|shipped|cancelled}
 * and {@code X-Solstice-Tenant} name the order, the kind and the tenant.
 *
 * <p>How: a {@link WatchService} (inotify on Linux) reports each new name; the watcher thread parses
 * the file's headers and stamps it with {@link System#nanoTime()}. The sink publishes a mail by
 * hard-linking a complete temporary file, so a name that appears is a whole mail (temporary names
 * start with a dot and are skipped). When the watch service overflows, or as a final {@link #scan},
 * the directory is listed and every name not seen yet is read. One virtual thread; the maps are
 * concurrent, so readers may query at any time.
 */
public final class MailWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailWatcher.class);
  private static final String SUBJECT = "Subject: Order ";
  private static final Set<String> KINDS = Set.of("confirmed", "shipped", "cancelled");

  /** One mail: whom it is about and when it was first seen. */
  public record Sighting(String tenant, String orderId, String kind, long seenNanos) {}

  private final Path directory;
  /** Files claimed for reading (by the watcher thread or {@link #scan()}), so each is read once. */
  private final Map<String, Boolean> claimed = new ConcurrentHashMap<>();
  /** Files fully read and counted: {@link #fileNames()} never runs ahead of the sightings. */
  private final Map<String, Boolean> files = new ConcurrentHashMap<>();
  private final Map<String, Sighting> byOrderAndKind = new ConcurrentHashMap<>();
  private final Map<String, Integer> duplicates = new ConcurrentHashMap<>();
  private final WatchService watcher;
  private final Thread thread;

  private MailWatcher(Path directory) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
    this.watcher = directory.getFileSystem().newWatchService();
    directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
    this.thread = Thread.ofVirtual().name("mail-watcher").unstarted(this::run);
  }

  /**
   * Starts watching {@code directory} (created if missing). Mails already there are read at once,
   * with the start time as their sighting.
   */
  public static MailWatcher start(Path directory) {
    try {
      MailWatcher w = new MailWatcher(directory);
      w.scan();
      w.thread.start();
      return w;
    } catch (IOException e) {
      throw new IllegalStateException("cannot watch the mail directory " + directory + " (" + e + "); check that it exists and is readable", e);
    }
  }

  public Path directory() {
    return directory;
  }

  /** When the mail of {@code kind} about {@code orderId} was first seen, if it has been. */
  public Optional<Sighting> sighting(String orderId, String kind) {
    return Optional.ofNullable(byOrderAndKind.get(orderId + " " + kind));
  }

  /** Every mail seen, keyed by {@code "<order id> <kind>"}. */
  public Map<String, Sighting> sightings() {
    return Map.copyOf(byOrderAndKind);
  }

  /** Mails seen more than once for the same order and kind (there should be none), by {@code "<order id> <kind>"}. */
  public Map<String, Integer> duplicates() {
    return Map.copyOf(duplicates);
  }

  /** Lists the directory and reads every mail not seen yet. */
  public void scan() {
    try (DirectoryStream<Path> names = Files.newDirectoryStream(directory, "*.eml")) {
      for (Path p : names) {
        consider(p);
      }
    } catch (IOException e) {
      log.warn("cannot list the mail directory {}: {}", directory, e.toString());
    }
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key = watcher.poll(250, TimeUnit.MILLISECONDS);
        if (key == null) {
          continue;
        }
        long now = System.nanoTime();
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            overflow = true;
          } else if (event.context() instanceof Path name) {
            consider(directory.resolve(name), now);
          }
        }
        key.reset();
        if (overflow) {
          scan();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private void consider(Path file) {
    consider(file, System.nanoTime());
  }

  private void consider(Path file, long seenNanos) {
    String name = file.getFileName().toString();
    if (name.startsWith(".") || !name.endsWith(".eml") || claimed.putIfAbsent(name, Boolean.TRUE) != null) {
      return;
    }
    String tenant = null;
    String orderId = null;
    String kind = null;
    try {
      // One read of a small file, then the header lines up to the first empty one.
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      int at = 0;
      while (at < text.length()) {
        int newline = text.indexOf('\n', at);
        int end = newline < 0 ? text.length() : newline;
        String line = text.substring(at, end > at && text.charAt(end - 1) == '\r' ? end - 1 : end);
        at = end + 1;
        if (line.isEmpty()) {
          break;
        }
        if (line.startsWith(SUBJECT)) {
          String rest = line.substring(SUBJECT.length()).stripTrailing();
          int space = rest.indexOf(' ');
          String k = space < 0 ? "" : rest.substring(space + 1);
          if (space > 0 && KINDS.contains(k) && rest.lastIndexOf('\t', space) < 0) {
            orderId = rest.substring(0, space);
            kind = k;
          }
        } else if (line.startsWith("X-Solstice-Tenant:")) {
          tenant = line.substring("X-Solstice-Tenant:".length()).strip();
        }
      }
    } catch (NoSuchFileException e) {
      claimed.remove(name);
      return;
    } catch (IOException e) {
      log.warn("cannot read mail {}: {}", file, e.toString());
      claimed.remove(name);
      return;
    }
    if (orderId == null) {
      log.debug("mail {} has no 'Subject: Order ID confirmed|shipped|cancelled'; ignored", file);
    } else {
      String k = orderId + " " + kind;
      Sighting previous = byOrderAndKind.putIfAbsent(k, new Sighting(tenant, orderId, kind, seenNanos));
      if (previous != null) {
        duplicates.merge(k, 1, Integer::sum);
      }
    }
    files.put(name, Boolean.TRUE);
  }

  /** Names of the {@code .eml} files seen so far. */
  public Set<String> fileNames() {
    return Set.copyOf(files.keySet());
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      watcher.close();
      thread.join(2_000);
    } catch (IOException e) {
      log.debug("closing the mail watcher: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
