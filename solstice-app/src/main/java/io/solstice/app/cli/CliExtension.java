package io.solstice.app.cli;

/**
 * A subcommand of {@code solstice} contributed by a module the app does not depend on (e.g. {@code
 * bench} from {@code solstice-bench}). Implementations are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/io.solstice.app.cli.CliExtension} of the contributing
 * module, and put that module's jar on the class path (the distribution does).
 *
 * <p>The command must be a picocli command object (a class annotated with {@code @Command}); its
 * {@code name} becomes the subcommand's name. It may use {@link StoreOptions} and the rest of this
 * package. A name that clashes with a built-in or another extension is refused at start-up.
 */
public interface CliExtension {

  /** A new picocli command object (annotated with {@code @picocli.CommandLine.Command}). */
  Object command();
}
