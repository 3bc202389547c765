package io.solstice.kafka;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the bus is and how it is laid out: {@code --bus kafka://HOST:PORT[,HOST:PORT…]}, {@code
 * --bus-prefix} and {@code --bus-partitions}.
 *
 * <ul>
 *   <li><b>Topics:</b> one per category, {@code <prefix>.<Category>} (e.g. {@code solstice.Order}),
 *       created by the publisher with {@code partitions} partitions when first needed.
 *   <li><b>Records:</b> key = the stream name ({@code tenant:Category-id}), so a stream's events
 *       stay in order in one partition; value = the event's data (JSON); headers carry the
 *       envelope ({@link EventRecords}).
 *   <li><b>Consumer groups:</b> one per service, {@code <prefix>.<service>}.
 * </ul>
 *
 * @param bootstrapServers {@code host:port} of one or more brokers
 * @param prefix the topic and group prefix (lets two stores share a broker)
 * @param partitions the partition count of topics Solstice creates
 */
public record KafkaBus(List<String> bootstrapServers, String prefix, int partitions) {

  /** The default prefix. */
  public static final String DEFAULT_PREFIX = "solstice";
  /** The default partition count: at least the most instances of any one service you plan to run. */
  public static final int DEFAULT_PARTITIONS = 8;

  private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:[0-9]{1,5}");

  public KafkaBus {
    bootstrapServers = List.copyOf(bootstrapServers);
    if (bootstrapServers.isEmpty()) {
      throw new IllegalArgumentException("the bus needs at least one broker: --bus kafka://HOST:PORT[,HOST:PORT...]");
    }
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("--bus-prefix must be 1-63 characters of [a-zA-Z0-9_-] starting with a letter or digit, was '"
          + prefix + "'");
    }
    if (partitions < 1 || partitions > 10_000) {
      throw new IllegalArgumentException("--bus-partitions must be 1-10000, was " + partitions);
    }
  }

  /**
   * Parses {@code kafka://HOST:PORT[,HOST:PORT…]}.
   *
   * @throws IllegalArgumentException naming what is wrong, with an example
   */
  public static KafkaBus parse(String uri, String prefix, int partitions) {
    if (uri == null || !uri.startsWith("kafka://")) {
      throw new IllegalArgumentException("--bus must be kafka://HOST:PORT[,HOST:PORT...], e.g. kafka://127.0.0.1:9092; was " + uri);
    }
    List<String> servers = new ArrayList<>();
    for (String s : uri.substring("kafka://".length()).split(",")) {
      String server = s.strip();
      if (server.endsWith("/")) {
        server = server.substring(0, server.length() - 1);
      }
      if (!HOST_PORT.matcher(server).matches()) {
        throw new IllegalArgumentException("--bus names '" + server + "', which is not HOST:PORT; e.g. kafka://127.0.0.1:9092");
      }
      servers.add(server);
    }
    return new KafkaBus(servers, prefix == null ? DEFAULT_PREFIX : prefix, partitions);
  }

  /** {@code kafka://host:port,…}, as given to {@code --bus}. */
  public URI uri() {
    return URI.create("kafka://" + String.join(",", bootstrapServers));
  }

  /** The topic of {@code category}: {@code <prefix>.<Category>}. */
  public String topic(String category) {
    return prefix + "." + category;
  }

  /** The category of a topic of this bus, or null if the topic is not one. */
  public String category(String topic) {
    return topic.startsWith(prefix + ".") ? topic.substring(prefix.length() + 1) : null;
  }

  /** The regular expression matching every topic of this bus. */
  public Pattern allTopics() {
    return Pattern.compile(Pattern.quote(prefix + ".") + "[A-Z][A-Za-z0-9]*");
  }

  /** The consumer group of {@code service}: {@code <prefix>.<service>}. */
  public String group(String service) {
    return prefix + "." + service;
  }

  /** The lease that makes one publisher per store active: {@code publisher:<prefix>}. */
  public String publisherLease() {
    return "publisher:" + prefix;
  }

  /** Client properties every Solstice client of this bus shares. */
  Properties common(String clientId) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers));
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  @Override
  public String toString() {
    return uri() + " (prefix " + prefix + ", " + partitions + " partitions)";
  }
}
