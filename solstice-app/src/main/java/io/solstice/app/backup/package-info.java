/**
 * Backup and restore of the embedded store: one file holding a consistent copy of the SQLite
 * database and the secrets its data needs (the API-key pepper), taken online while a server runs.
 */
package io.solstice.app.backup;
