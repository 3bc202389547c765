package io.solstice.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of one event stream: a tenant, a category and an id, e.g. tenant {@code acme}, category
 * {@code Order}, id {@code 01J9ZQ}. Its one canonical string form is {@code tenant:Category-id}
 * ({@code acme:Order-01J9ZQ}); that string is the storage key and the Kafka record key.
 *
 * <p>Every part is validated when the name is built, so an invalid name can never reach a store:
 *
 * <ul>
 *   <li>tenant: 1–40 characters of {@code [a-z0-9_-]}, starting with a lowercase letter or digit;
 *   <li>category: 1–64 characters of {@code [A-Za-z0-9]}, starting with a letter (no {@code -},
 *       which separates the category from the id);
 *   <li>id: 1–128 characters of {@code [A-Za-z0-9._~-]}, starting with a letter or digit.
 * </ul>
 *
 * The canonical form therefore needs no escaping: the first {@code :} ends the tenant and the first
 * {@code -} after it ends the category.
 */
public record StreamName(String tenant, String category, String id) implements Comparable<StreamName> {

  /** Longest tenant id. */
  public static final int MAX_TENANT_LENGTH = 40;
  /** Longest category. */
  public static final int MAX_CATEGORY_LENGTH = 64;
  /** Longest stream id. */
  public static final int MAX_ID_LENGTH = 128;

  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
  private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");

  public StreamName {
    requireTenant(tenant);
    requireCategory(category);
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidStreamNameException(
          "invalid stream id " + quote(id) + " in category " + category + " of tenant " + tenant
              + ": use 1-" + MAX_ID_LENGTH + " characters of [A-Za-z0-9._~-], starting with a letter or digit");
    }
  }

  /** Builds a stream name; same as the canonical constructor. */
  public static StreamName of(String tenant, String category, String id) {
    return new StreamName(tenant, category, id);
  }

  /**
   * Parses the canonical form {@code tenant:Category-id}.
   *
   * @throws InvalidStreamNameException if the text is not a valid canonical stream name
   */
  public static StreamName parse(String canonical) {
    if (canonical == null) {
      throw new InvalidStreamNameException("stream name is missing: expected tenant:Category-id");
    }
    int colon = canonical.indexOf(':');
    int dash = colon < 0 ? -1 : canonical.indexOf('-', colon + 1);
    if (colon < 0 || dash < 0) {
      throw new InvalidStreamNameException(
          "invalid stream name " + quote(canonical) + ": expected tenant:Category-id, e.g. acme:Order-42");
    }
    return new StreamName(canonical.substring(0, colon), canonical.substring(colon + 1, dash), canonical.substring(dash + 1));
  }

  /**
   * Checks a tenant id against the same rules as the tenant part of a stream name.
   *
   * @return the tenant id, unchanged
   * @throws InvalidStreamNameException if it is invalid
   */
  public static String requireTenant(String tenant) {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new InvalidStreamNameException(
          "invalid tenant id " + quote(tenant) + ": use 1-" + MAX_TENANT_LENGTH
              + " characters of [a-z0-9_-], starting with a lowercase letter or digit");
    }
    return tenant;
  }

  /**
   * Checks a category against the same rules as the category part of a stream name.
   *
   * @return the category, unchanged
   * @throws InvalidStreamNameException if it is invalid
   */
  public static String requireCategory(String category) {
    if (category == null || !CATEGORY.matcher(category).matches()) {
      throw new InvalidStreamNameException(
          "invalid category " + quote(category) + ": use 1-" + MAX_CATEGORY_LENGTH
              + " characters of [A-Za-z0-9], starting with a letter");
    }
    return category;
  }

  /** True when {@code id} is a valid stream id (useful to answer 404 rather than 400 on a bad path id). */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** The canonical form, {@code tenant:Category-id}. */
  public String canonical() {
    return tenant + ':' + category + '-' + id;
  }

  @Override
  public String toString() {
    return canonical();
  }

  @Override
  public int compareTo(StreamName other) {
    return canonical().compareTo(other.canonical());
  }

  private static String quote(String s) {
    if (s == null) {
      return "(null)";
    }
    String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
    return '"' + shown + '"';
  }

}
