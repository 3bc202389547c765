/**
 * {@code solstice chaos}: harnesses that run the platform as child JVMs, kill them with SIGKILL
 * under load, restart them, and check that nothing acknowledged was lost and no effect duplicated.
 */
package io.solstice.bench.chaos;
