package io.solstice.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of a crash run that read the event log and the mail directory of a stopped embedded
 * server: every acknowledged order exists, no reaction wrote its output twice for one causation
 * event, and every confirmed order got exactly one confirmation mail. Each check returns its
 * findings as sentences naming the tenant, stream or order; an empty list means it held.
 */
final class LogChecks {
  private static final Pattern SUBJECT = Pattern.compile("^Subject: Order (\\S+) (confirmed|shipped|cancelled)\\s*$", Pattern.MULTILINE);
  private static final Pattern TENANT = Pattern.compile("^X-Solstice-Tenant: (\\S+)\\s*$", Pattern.MULTILINE);

  /**
   * Outputs written once per attempt at one input, each with its attempt number: the payment
   * service's {@code AttemptTimedOut} (attempt 1, 2, 3 of an authorization the gateway left unanswered).
   */
  static final Set<String> REPEATABLE = Set.of("AttemptTimedOut");

  /** An order the API acknowledged with 201. */
  record Acknowledged(String tenant, String orderId) {}

  /** What the log and the mail directory hold. */
  record Figures(long events, long orders, long confirmedOrders, long confirmationMails, long reactionOutputs) {}

  /** Opens a connection to the store's database, its tables ({@code events}) reachable unqualified. */
  @FunctionalInterface
  interface Database {
    Connection connect() throws SQLException;

    /** The embedded store of {@code dataDirectory}, read-only. */
    static Database sqlite(Path dataDirectory) {
      return () -> DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("solstice.db").toAbsolutePath() + "?open_mode=1");
    }

    /** A PostgreSQL store in {@code schema}. */
    static Database postgres(String url, String schema) {
      return () -> {
        Connection c = DriverManager.getConnection(url);
        try (var s = c.createStatement()) {
          s.execute("SET search_path TO " + schema);
        }
        return c;
      };
    }
  }

  private final Database database;
  private final Path mailDirectory;

  /** The checks of the embedded store in {@code dataDirectory} (and its mail directory). */
  LogChecks(Path dataDirectory) {
    this(Database.sqlite(dataDirectory), dataDirectory.resolve("mail"));
  }

  LogChecks(Database database, Path mailDirectory) {
    this.database = database;
    this.mailDirectory = mailDirectory;
  }

  private Connection connect() throws SQLException {
    return database.connect();
  }

  /** Every acknowledged order must have its {@code Order} stream in the log. */
  List<String> missingOrders(Collection<Acknowledged> acknowledged) throws SQLException {
    Set<String> streams = new HashSet<>();
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT stream FROM events WHERE category = 'Order' AND version = 0");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        streams.add(rs.getString(1));
      }
    }
    List<String> missing = new ArrayList<>();
    for (Acknowledged a : acknowledged) {
      if (!streams.contains(a.tenant() + ":Order-" + a.orderId())) {
        missing.add("order " + a.orderId() + " of tenant " + a.tenant() + " was acknowledged (201) but its stream is not in the log");
      }
    }
    return missing;
  }

  /**
   * Reaction outputs written twice: two events of one type in one stream with the same causation
   * event id, among events that reactions wrote (a causation id that is an event id of the log).
   * Types in {@link #REPEATABLE} are outputs that one input legitimately writes once per attempt.
   */
  List<String> duplicateOutputs() throws SQLException {
    List<String> found = new ArrayList<>();
    String sql = "SELECT e.stream, e.type, e.causation_id, count(*) FROM events e"
        + " WHERE e.causation_id IN (SELECT CAST(c.event_id AS TEXT) FROM events c)"
        + " GROUP BY e.stream, e.type, e.causation_id HAVING count(*) > 1";
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (REPEATABLE.contains(rs.getString(2))) {
          continue;
        }
        found.add(rs.getLong(4) + " × " + rs.getString(2) + " in " + rs.getString(1) + " caused by event " + rs.getString(3));
      }
    }
    return found;
  }

  /** Every order with a {@code Confirmed} event has exactly one confirmation mail; no mail names an order not confirmed. */
  List<String> confirmationMails() throws SQLException, IOException {
    Set<String> confirmed = confirmedOrders();
    Map<String, Integer> mails = confirmationMailCounts();
    List<String> found = new ArrayList<>();
    for (String order : confirmed) {
      int n = mails.getOrDefault(order, 0);
      if (n != 1) {
        found.add("order " + order + " was confirmed and has " + n + " confirmation mails, expected 1");
      }
    }
    for (Map.Entry<String, Integer> m : mails.entrySet()) {
      if (!confirmed.contains(m.getKey())) {
        found.add("order " + m.getKey() + " has " + m.getValue() + " confirmation mail(s) but no Confirmed event");
      }
    }
    return found;
  }

  Figures figures() throws SQLException, IOException {
    try (Connection c = connect()) {
      long events = count(c, "SELECT count(*) FROM events");
      long orders = count(c, "SELECT count(*) FROM events WHERE category = 'Order' AND version = 0");
      long outputs = count(c, "SELECT count(*) FROM events e WHERE e.causation_id IN (SELECT CAST(c.event_id AS TEXT) FROM events c)");
      long mails = confirmationMailCounts().values().stream().mapToLong(Integer::longValue).sum();
      return new Figures(events, orders, confirmedOrders().size(), mails, outputs);
    }
  }

  /** {@code tenant/orderId} of every order with a {@code Confirmed} event. */
  private Set<String> confirmedOrders() throws SQLException {
    Set<String> confirmed = new HashSet<>();
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT tenant, stream FROM events WHERE category = 'Order' AND type = 'Confirmed'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String stream = rs.getString(2);
        confirmed.add(rs.getString(1) + "/" + stream.substring(stream.indexOf('-') + 1));
      }
    }
    return confirmed;
  }

  /** Confirmation mails per {@code tenant/orderId}, from the sink's published files (temporary names start with a dot). */
  private Map<String, Integer> confirmationMailCounts() throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    if (!Files.isDirectory(mailDirectory)) {
      return counts;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(mailDirectory, "*.eml")) {
      for (Path f : files) {
        if (f.getFileName().toString().startsWith(".")) {
          continue;
        }
        String text = Files.readString(f, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String headers = end < 0 ? text : text.substring(0, end);
        Matcher s = SUBJECT.matcher(headers.replace("\r\n", "\n"));
        Matcher t = TENANT.matcher(headers.replace("\r\n", "\n"));
        if (s.find() && s.group(2).equals("confirmed")) {
          String tenant = t.find() ? t.group(1) : "?";
          counts.merge(tenant + "/" + s.group(1), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
