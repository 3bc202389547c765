package io.solstice.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Solstice version this build was made from, read from the jar's {@code version.properties}. */
public final class Version {
  private Version() {}

  /** The Solstice version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a build. */
  public static String solstice() {
    return property("version");
  }

  private static String property(String name) {
    try (InputStream in = Version.class.getResourceAsStream("/io/solstice/app/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String value = properties.getProperty(name, "unknown");
      return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
