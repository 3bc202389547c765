package io.solstice.commerce.tenancy;

import io.solstice.core.SolsticeException;

/**
 * This process's API-key pepper is not the one the store's key hashes were made with: every API
 * key, the admin key included, would fail, and a configured admin key would be re-hashed over the
 * stored one. The process must not start.
 */
public final class PepperMismatchException extends SolsticeException {
  public PepperMismatchException(String mine, String recorded) {
    super("this process's API-key pepper (fingerprint " + mine + ") is not the one this store's keys were made with (fingerprint "
        + recorded + "), so every API key would fail here. Give this process the same pepper as the others: set SOLSTICE_KEY_PEPPER "
        + "to the base64 value in the first process's DATA/secrets/api-key-pepper (keep it a secret), or share that data directory");
  }
}
