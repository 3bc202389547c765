package io.solstice.store.sql;

import io.solstice.core.store.StoreUnavailableException;
import java.sql.SQLException;

/** Turns a JDBC failure into a {@link StoreUnavailableException} saying what failed, where, and what to check. */
final class SqlFailure {
  private SqlFailure() {}

  static StoreUnavailableException of(String what, String storeDescription, SQLException e) {
    String next = e.getSQLState() != null && e.getSQLState().startsWith("08")
        ? "check that the database server is running and reachable, then retry"
        : "check the database's log and free disk space, then retry";
    return new StoreUnavailableException(what + " failed on " + storeDescription + ": " + e.getMessage()
        + " (SQLState " + e.getSQLState() + "); " + next, e);
  }
}
