package io.solstice.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * The Solstice version and the commit this build was made from, read from the jar's {@code
 * version.properties} and {@code commit.properties} (both written by the build; the commit is
 * recorded when the jar is packaged, from the git checkout it is built in). Either is {@code
 * unknown} when the build could not tell: a build outside git, or classes run unpackaged (tests).
 */
public final class Version {
  /** What {@link #solstice()} and {@link #commit()} answer when the build did not record a value. */
  public static final String UNKNOWN = "unknown";

  private static final Properties PROPERTIES = load("version.properties", "commit.properties");

  private Version() {}

  /** The Solstice version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a build. */
  public static String solstice() {
    return property("version");
  }

  /** The first 7 hex digits of the commit the build was made from, or {@code unknown}. */
  public static String commit() {
    String full = property("commit").toLowerCase(Locale.ROOT);
    return full.matches("[0-9a-f]{7,}") ? full.substring(0, 7) : UNKNOWN;
  }

  /** The version line of {@code solstice --version}: {@code solstice 0.1.0-SNAPSHOT (commit 1a2b3c4)}. */
  public static String describe() {
    return "solstice " + solstice() + " (commit " + commit() + ")";
  }

  private static String property(String name) {
    String value = PROPERTIES.getProperty(name, UNKNOWN).strip();
    return value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
  }

  private static Properties load(String... resources) {
    Properties properties = new Properties();
    for (String resource : resources) {
      try (InputStream in = Version.class.getResourceAsStream(resource)) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        // unreadable: its values are unknown
      }
    }
    return properties;
  }
}
