package dev.snapfork.examples.cli;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.SnapshotException;
import dev.snapfork.examples.cli.internal.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Reports an error as one line on standard error, {@code snapfork <command>: <message>}, secrets
 * masked, and returns the {@link ExitCodes exit code} of its kind. The stack trace follows only
 * with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final Session session;

  ErrorReporter(Session session) {
    this.session = session;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    return report(cmd.getCommandSpec().qualifiedName(), ex);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    PrintWriter err = session.err();
    err.println(session.redactor().redact(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + ex.getMessage()));
    if (args.length == 0) {
      ex.getCommandLine().usage(err);
    } else {
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  int report(String command, Throwable ex) {
    Throwable shown = unwrap(ex);
    PrintWriter err = session.err();
    err.println(session.redactor().redact(command + ": " + message(shown)));
    if (session.verbose()) {
      StringWriter trace = new StringWriter();
      shown.printStackTrace(new PrintWriter(trace));
      err.print(session.redactor().redact(trace.toString()));
    }
    err.flush();
    int code = ExitCodes.of(shown);
    // an interrupt (Ctrl-C: the shutdown hook interrupts the command) surfaces as a SnapshotException with the flag kept
    return code == ExitCodes.FAILURE && Thread.currentThread().isInterrupted() ? ExitCodes.INTERRUPTED : code;
  }

  private static Throwable unwrap(Throwable ex) {
    Throwable t = ex;
    while (!(t instanceof SnapshotException) && !(t instanceof InterruptedException) && t.getCause() != null
        && t.getCause() != t) {
      t = t.getCause();
    }
    return t instanceof SnapshotException || t instanceof InterruptedException ? t : ex;
  }

  private static String message(Throwable t) {
    if (t instanceof InterruptedException) {
      return "interrupted";
    }
    String m = t.getMessage();
    String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    String line = text.lines().findFirst().orElse(text);
    return t instanceof SnapshotException ? line : t.getClass().getSimpleName() + ": " + line;
  }
}
