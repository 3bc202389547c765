package io.solstice.app.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup file holds, written as its first entry ({@value #ENTRY}) and checked on restore.
 *
 * @param format the backup format ({@value #FORMAT}); a restore refuses others
 * @param solsticeVersion the version that wrote it (informative)
 * @param createdAt when the copy was taken
 * @param source the store it was taken from
 * @param headPosition the copy's highest event position (0 when empty)
 * @param events the copy's event count
 * @param tenants the copy's registered tenants
 * @param pepper {@code included} when the pepper file is in the backup, {@code external} when the
 *     server takes it from {@code SOLSTICE_KEY_PEPPER} (keep that value with the backup), {@code
 *     missing} when the data directory had none (no server ever started there)
 * @param files every other entry of the backup with its SHA-256 (hex)
 */
public record BackupManifest(
    int format,
    @JsonProperty("solstice_version") String solsticeVersion,
    @JsonProperty("created_at") Instant createdAt,
    String source,
    @JsonProperty("head_position") long headPosition,
    long events,
    long tenants,
    String pepper,
    Map<String, String> files) {

  /** The manifest's entry name in the backup file. */
  public static final String ENTRY = "MANIFEST.json";

  /** The backup format this version writes and reads. */
  public static final int FORMAT = 1;

  /** The entry name of the store's database copy. */
  public static final String DATABASE_ENTRY = "solstice.db";

  public static final String PEPPER_INCLUDED = "included";
  public static final String PEPPER_EXTERNAL = "external";
  public static final String PEPPER_MISSING = "missing";

  public BackupManifest {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(pepper, "pepper");
    files = Map.copyOf(files);
  }
}
