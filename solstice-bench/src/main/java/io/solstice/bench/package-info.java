/** Benchmarks: JMH micro-benchmarks and the load benchmarks behind solstice bench. */
package io.solstice.bench;
