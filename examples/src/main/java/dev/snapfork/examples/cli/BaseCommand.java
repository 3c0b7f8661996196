package dev.snapfork.examples.cli;

import dev.snapfork.examples.cli.internal.Session;
import java.util.concurrent.Callable;

/** A command that runs with the invocation's {@link Session} (injected by {@link SnapforkCli}'s factory). */
abstract class BaseCommand implements Callable<Integer> {
  Session session;

  void session(Session session) {
    this.session = session;
  }

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  /** Runs the command; returns its exit code. Exceptions are reported by {@link ErrorReporter}. */
  abstract int run() throws Exception;
}
