/** The SQL event store: SQLite and PostgreSQL dialects behind one schema design. */
package io.solstice.store.sql;
