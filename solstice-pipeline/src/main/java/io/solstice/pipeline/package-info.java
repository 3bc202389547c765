/** The service toolkit: decode, handle, interpret over sources, with per-stream scheduling and checkpoints. */
package io.solstice.pipeline;
