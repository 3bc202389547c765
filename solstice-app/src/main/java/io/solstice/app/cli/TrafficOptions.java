package io.solstice.app.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How the shopper traffic of {@code demo}, {@code simulate} and {@code bench checkout} runs:
 * {@code --shoppers N}, {@code --seed N}, {@code --rate ORDERS_PER_S} and {@code --settle-timeout
 * SECONDS}, with their checks. Use it in a command as a picocli mixin, initialised with the
 * command's defaults (shown in its help), e.g. {@code @Mixin TrafficOptions traffic = new
 * TrafficOptions(96, 60);}. Like every option, each falls back to its environment variable and the
 * config file. Read the values through the accessors: they check them and throw a {@link
 * CommandFailedException} naming the flag.
 */
public final class TrafficOptions {

  /** The most concurrent shoppers a command accepts. */
  public static final int MAX_SHOPPERS = 10_000;

  /** The seed every command starts from unless told otherwise. */
  public static final long DEFAULT_SEED = 42;

  @Option(names = "--shoppers", paramLabel = "N", description = "Concurrent shoppers, 1-" + MAX_SHOPPERS + " (default: ${DEFAULT-VALUE}).")
  int shoppers;

  @Option(names = "--seed", paramLabel = "N", description = "Decides every order's scenario, customer and cart (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULT_SEED;

  @Option(names = "--rate", paramLabel = "ORDERS_PER_S",
      description = "Target orders per second; 0 = as fast as the shoppers go (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--settle-timeout", paramLabel = "SECONDS",
      description = "How long one order may take to reach a status before it counts as a mismatch (default: ${DEFAULT-VALUE}).")
  int settleTimeoutSeconds;

  /** For picocli; commands use {@link #TrafficOptions(int, int)} to state their defaults. */
  public TrafficOptions() {
    this(32, 60);
  }

  /** Options whose defaults are {@code shoppers} shoppers, seed 42, no target rate, and {@code settleTimeoutSeconds}. */
  public TrafficOptions(int shoppers, int settleTimeoutSeconds) {
    this.shoppers = shoppers;
    this.settleTimeoutSeconds = settleTimeoutSeconds;
  }

  /**
   * Concurrent shoppers.
   *
   * @throws CommandFailedException unless 1-{@value #MAX_SHOPPERS}
   */
  public int shoppers() {
    if (shoppers < 1 || shoppers > MAX_SHOPPERS) {
      throw new CommandFailedException("--shoppers must be 1-" + MAX_SHOPPERS + ", was " + shoppers);
    }
    return shoppers;
  }

  /** The seed of the shopper mix. */
  public long seed() {
    return seed;
  }

  /**
   * Target orders per second, 0 for as fast as the shoppers go.
   *
   * @throws CommandFailedException if negative or not a number
   */
  public double rate() {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new CommandFailedException("--rate must be 0 (as fast as the shoppers go) or a positive number of orders per second, was " + rate);
    }
    return rate;
  }

  /**
   * How long one order may take to settle.
   *
   * @throws CommandFailedException if under 1 second
   */
  public Duration settleTimeout() {
    if (settleTimeoutSeconds < 1) {
      throw new CommandFailedException("--settle-timeout must be at least 1 second, was " + settleTimeoutSeconds);
    }
    return Duration.ofSeconds(settleTimeoutSeconds);
  }

  /** Checks every value at once (each accessor also checks its own). */
  public TrafficOptions check() {
    shoppers();
    rate();
    settleTimeout();
    return this;
  }

  /** For the report's title: {@code seed 42, 96 shoppers} and, with a rate, {@code , target 50 orders/s}. */
  public String describe() {
    return "seed " + seed + ", " + shoppers + " shoppers" + (rate > 0 ? String.format(java.util.Locale.ROOT, ", target %.0f orders/s", rate) : "");
  }
}
