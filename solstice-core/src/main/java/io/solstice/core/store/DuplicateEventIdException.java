package io.solstice.core.store;

import io.solstice.core.SolsticeException;
import io.solstice.core.StreamName;
import java.util.List;
import java.util.UUID;

/**
 * An append mixed event ids that are already stored with new ones (or reused a stored id in another
 * stream or position). Re-appending exactly what was stored is a duplicate success; anything else
 * with stored ids is this error. Nothing was written.
 */
public final class DuplicateEventIdException extends SolsticeException {
  private final List<UUID> storedIds;

  public DuplicateEventIdException(StreamName stream, List<UUID> storedIds) {
    super("append to " + stream + " reuses event ids that are already stored: " + storedIds
        + "; an idempotent retry must resend exactly the same events, new events need new ids — nothing was written");
    this.storedIds = List.copyOf(storedIds);
  }

  public List<UUID> storedIds() {
    return storedIds;
  }
}
