package io.solstice.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.solstice.core.io.OwnerOnly;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The API-key pepper: {@code SOLSTICE_KEY_PEPPER} (base64, at least 32 bytes) when set, else the
 * file {@code DATA/secrets/api-key-pepper}, created on first start with owner-only permissions and
 * forced to disk (with its directory entry) before any key hash is written.
 * Losing the pepper invalidates every stored key hash (admin and tenants): back the file up with
 * the store.
 */
public final class Secrets {
  /** Where the pepper file lives inside the data directory. */
  public static final String PEPPER_FILE = "secrets/api-key-pepper";

  private Secrets() {}

  /**
   * The pepper bytes.
   *
   * @throws StartupException if the configured value or the file is unusable
   */
  public static byte[] pepper(String configuredBase64, Path dataDirectory, Supplier<byte[]> fresh) {
    if (configuredBase64 != null && !configuredBase64.isBlank()) {
      return decode(configuredBase64.strip(), "SOLSTICE_KEY_PEPPER");
    }
    Path file = dataDirectory.resolve(PEPPER_FILE);
    try {
      if (!Files.exists(file)) {
        create(file, fresh.get());
      }
      return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
    } catch (IOException e) {
      throw new StartupException("cannot read or create the API key pepper " + file.toAbsolutePath() + " (" + e
          + "); check the data directory's permissions, or set SOLSTICE_KEY_PEPPER", e);
    }
  }

  /**
   * Creates the pepper file durably before returning: written to a temporary file and forced to
   * disk, linked to its name (never replacing a pepper a concurrent first start created), and the
   * directory forced. Key hashes are written only after this returns, so a crash can never leave
   * stored hashes whose pepper was lost.
   */
  private static void create(Path file, byte[] pepper) throws IOException {
    try {
      OwnerOnly.createDurably(file, (Base64.getEncoder().encodeToString(pepper) + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      // another process created it first: use theirs
    }
  }

  private static byte[] decode(String base64, String source) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new StartupException("the API key pepper in " + source + " is not base64; set 32+ random bytes, e.g. `openssl rand -base64 32`");
    }
    if (bytes.length < 32) {
      throw new StartupException("the API key pepper in " + source + " has " + bytes.length
          + " bytes; it needs at least 32, e.g. `openssl rand -base64 32`");
    }
    return bytes;
  }
}
