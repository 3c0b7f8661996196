package dev.snapfork.examples.cli;

import dev.snapfork.examples.cli.internal.Session;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code snapfork} command line, runnable in-process: parses {@code args}, runs the command
 * with the given streams and environment, and returns the exit code ({@link ExitCodes}). Nothing
 * here calls {@link System#exit}; errors never escape (they become a line on {@code err}).
 */
public final class SnapforkCli {
  private SnapforkCli() {}

  /**
   * Runs one invocation.
   *
   * @param environment used in place of {@link System#getenv()} ({@code SNAPFORK_*} variables)
   * @param systemProperties used in place of {@link System#getProperties()} ({@code snapfork.*} keys)
   * @param terminal whether {@code err} is a terminal (progress bars instead of periodic lines)
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment,
      Map<String, String> systemProperties, boolean terminal) {
    try (Session session = new Session(out, err, environment, systemProperties, terminal)) {
      ErrorReporter reporter = new ErrorReporter(session);
      RootCommand[] root = new RootCommand[1];
      CommandLine.IFactory factory = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
          K k = CommandLine.defaultFactory().create(cls);
          if (k instanceof BaseCommand c) {
            c.session(session);
          }
          if (k instanceof RootCommand r) {
            root[0] = r;
          }
          return k;
        }
      };
      CommandLine cli = new CommandLine(RootCommand.class, factory);
      cli.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true)
          .setExecutionExceptionHandler(reporter).setParameterExceptionHandler(reporter)
          .setExecutionStrategy(parseResult -> {
            root[0].apply(session);
            return new CommandLine.RunLast().execute(parseResult);
          });
      int code = cli.execute(args);
      out.flush();
      err.flush();
      return code;
    } catch (RuntimeException e) {
      // closing the provider failed after the command ran
      err.println("snapfork: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    }
  }
}
