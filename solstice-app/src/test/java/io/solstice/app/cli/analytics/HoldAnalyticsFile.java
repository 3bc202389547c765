package io.solstice.app.cli.analytics;

import io.solstice.commerce.analytics.AnalyticsDatabase;
import io.solstice.commerce.analytics.AnalyticsSettings;
import java.nio.file.Path;

/** A child process that holds an analytics file open for writing (as a server does) until its stdin closes. */
public final class HoldAnalyticsFile {
  private HoldAnalyticsFile() {}

  public static void main(String[] args) throws Exception {
    try (AnalyticsDatabase db = AnalyticsDatabase.open(Path.of(args[0]), AnalyticsSettings.defaults())) {
      System.out.println("holding " + db.file());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
