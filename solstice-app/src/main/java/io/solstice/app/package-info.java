/** The solstice command, the HTTP API and the wiring of the platform. */
package io.solstice.app;
