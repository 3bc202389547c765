package io.solstice.app.http;

/** Who may call a route. */
public enum Access {
  /** Anyone: operations endpoints and the OpenAPI document. */
  PUBLIC,
  /** A tenant's current API key ({@code Authorization: Bearer sk_<tenant>_…}); the call acts for that tenant only. */
  TENANT,
  /** The platform's admin key. */
  ADMIN
}
