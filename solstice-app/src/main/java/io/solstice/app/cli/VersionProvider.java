package io.solstice.app.cli;

import io.solstice.app.Version;
import picocli.CommandLine.IVersionProvider;

/** Reports the Solstice version (from the build) and the Java runtime it runs on. */
public final class VersionProvider implements IVersionProvider {

  /** The Solstice version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a build. */
  public static String solsticeVersion() {
    return Version.solstice();
  }

  /** The Java runtime, e.g. {@code Java 21.0.5 (Eclipse Adoptium), Linux amd64}. */
  public static String javaDescription() {
    return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"solstice " + solsticeVersion(), javaDescription()};
  }
}
