package io.solstice.app.cli;

import java.io.PrintWriter;

/** Prints an admin key generated on a first start, once, with what to do with it. */
public final class AdminKeyBanner {
  private AdminKeyBanner() {}

  public static void print(PrintWriter out, String key) {
    out.println();
    out.println("=====================================================================");
    out.println(" Solstice admin key (generated on first start; shown only this once)");
    out.println();
    out.println("   " + key);
    out.println();
    out.println(" Keep it: it is stored only as a keyed hash. Use it for /admin routes:");
    out.println("   Authorization: Bearer <key>. Set SOLSTICE_ADMIN_KEY to choose your own.");
    out.println("=====================================================================");
    out.println();
    out.flush();
  }
}
