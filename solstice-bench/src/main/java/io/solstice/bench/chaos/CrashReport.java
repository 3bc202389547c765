package io.solstice.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a crash run: what was done, what the log holds, and every finding of the checks.
 * {@link #ok} is true when nothing acknowledged was lost and nothing was duplicated or differs from
 * a rebuild.
 *
 * @param seed the run's seed (replays the uptimes and the shoppers)
 * @param topology {@code embedded} or {@code split}
 * @param killed the process killed each time, in order
 * @param acknowledged checkouts that answered 201
 * @param verified acknowledged orders found in the log
 * @param log figures of the log and the mail directory
 * @param restartMillis how long each restart took to be ready
 * @param settled whether the server settled before it was stopped
 * @param missing acknowledged orders not in the log
 * @param duplicates reaction outputs written twice for one causation event
 * @param mails confirmed orders without exactly one confirmation mail, and stray mails
 * @param readModels the read models against a rebuild
 * @param analytics the analytics tables against a rebuild
 * @param seconds the whole run's duration
 */
public record CrashReport(long seed, String topology, List<String> killed, long acknowledged, long verified, LogChecks.Figures log, List<Long> restartMillis,
    boolean settled, List<String> missing, List<String> duplicates, List<String> mails, ModelChecks.Comparison readModels,
    ModelChecks.Comparison analytics, double seconds) {

  private static final int SHOWN = 10;

  /** SIGKILLs survived. */
  public int kills() {
    return killed.size();
  }

  /** Lost: acknowledged orders missing, and confirmed orders without their mail. */
  public long lost() {
    return missing.size() + mails.stream().filter(m -> m.contains("has 0 confirmation")).count();
  }

  /** Duplicated: reaction outputs written twice, and extra mails. */
  public long duplicated() {
    return duplicates.size() + mails.stream().filter(m -> !m.contains("has 0 confirmation")).count();
  }

  public boolean ok() {
    return lost() == 0 && duplicated() == 0 && readModels.differences().isEmpty() && analytics.differences().isEmpty();
  }

  /** The human-readable summary, with the first findings of each failed check. */
  public void print(PrintWriter out) {
    out.printf(Locale.ROOT, "crash run (%s, seed %d): %d kills survived in %.0f s%s, restarts took %s%n", topology, seed, kills(), seconds,
        victims(), restarts());
    out.printf(Locale.ROOT, "  acknowledged orders       %,d, all in the log: %s%n", acknowledged, verdict(missing));
    out.printf(Locale.ROOT, "  reaction outputs          %,d, none twice for one cause: %s%n", log.reactionOutputs(), verdict(duplicates));
    out.printf(Locale.ROOT, "  confirmed orders          %,d with %,d confirmation mails, one each: %s%n", log.confirmedOrders(),
        log.confirmationMails(), verdict(mails));
    out.printf(Locale.ROOT, "  read models               %,d rows equal a rebuild: %s%n", readModels.rows(), verdict(readModels.differences()));
    out.printf(Locale.ROOT, "  analytics                 %,d rows equal a rebuild: %s%n", analytics.rows(), verdict(analytics.differences()));
    out.printf(Locale.ROOT, "  log                       %,d events, %,d orders%s%n", log.events(), log.orders(),
        settled ? "" : " (the server had not settled when stopped)");
    out.printf(Locale.ROOT, "lost %d, duplicated %d: %s%n", lost(), duplicated(), ok() ? "OK" : "FAILED");
    for (List<String> findings : List.of(missing, duplicates, mails, readModels.differences(), analytics.differences())) {
      findings.stream().limit(SHOWN).forEach(f -> out.println("  - " + f));
      if (findings.size() > SHOWN) {
        out.println("  - … and " + (findings.size() - SHOWN) + " more");
      }
    }
    out.flush();
  }

  /** One JSON line with the figures. */
  public String json() {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("harness", "crash").put("topology", topology).put("seed", seed).put("kills", kills()).put("seconds", Math.round(seconds * 10) / 10.0);
    n.put("ordersAcknowledged", acknowledged).put("ordersVerified", verified).put("events", log.events()).put("orders", log.orders());
    n.put("reactionOutputs", log.reactionOutputs()).put("confirmedOrders", log.confirmedOrders()).put("confirmationMails", log.confirmationMails());
    n.put("readModelRows", readModels.rows()).put("analyticsRows", analytics.rows());
    n.put("missingOrders", missing.size()).put("duplicateOutputs", duplicates.size()).put("mailProblems", mails.size());
    n.put("readModelDifferences", readModels.differences().size()).put("analyticsDifferences", analytics.differences().size());
    n.put("settled", settled).put("lost", lost()).put("duplicated", duplicated()).put("ok", ok());
    n.putPOJO("restartMillis", restartMillis);
    n.putPOJO("killed", killed);
    return n.toString();
  }

  /** {@code " (worker-1 ×8, api ×3, …)"} when more than one kind of process was killed. */
  private String victims() {
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    killed.forEach(k -> counts.merge(k, 1L, Long::sum));
    if (counts.size() < 2) {
      return "";
    }
    return " (" + String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).toList()) + ")";
  }

  private String restarts() {
    if (restartMillis.isEmpty()) {
      return "-";
    }
    List<Long> sorted = restartMillis.stream().sorted().toList();
    return String.format(Locale.ROOT, "%.1f s median, %.1f s max", sorted.get(sorted.size() / 2) / 1e3, sorted.getLast() / 1e3);
  }

  private static String verdict(List<String> findings) {
    return findings.isEmpty() ? "yes" : "NO (" + findings.size() + ")";
  }
}
