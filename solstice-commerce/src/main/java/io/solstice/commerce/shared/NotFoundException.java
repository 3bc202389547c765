package io.solstice.commerce.shared;

import io.solstice.core.SolsticeException;

/**
 * The addressed resource does not exist for the calling tenant (HTTP 404). Another tenant's ids
 * are reported exactly like ids that exist nowhere, so nothing leaks across tenants.
 */
public final class NotFoundException extends SolsticeException {
  public NotFoundException(String what, String id) {
    super(what + " '" + id + "' was not found");
  }
}
