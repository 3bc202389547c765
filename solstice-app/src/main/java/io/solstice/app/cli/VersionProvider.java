package io.solstice.app.cli;

import io.solstice.app.Version;
import picocli.CommandLine.IVersionProvider;

/**
 * Reports the Solstice version and commit (recorded by the build), then the Java runtime it runs on.
 * The first line is always {@code solstice <version> (commit <sha7>)}, with {@code unknown} for what
 * the build could not record.
 */
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
    return new String[] {Version.describe(), javaDescription()};
  }
}
