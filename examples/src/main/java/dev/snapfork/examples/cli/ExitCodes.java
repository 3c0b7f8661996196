package dev.snapfork.examples.cli;

import dev.snapfork.ConflictException;
import dev.snapfork.ConsistencyException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.UnavailableException;
import dev.snapfork.UnsupportedCapabilityException;

/**
 * The exit codes of the {@code snapfork} command, one per kind of error, so scripts can react
 * without parsing messages. The table is also in the examples README.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>the operation failed (backend failure, anything not listed below)</td></tr>
 *   <tr><td>2</td><td>usage: bad flags, bad configuration, invalid request</td></tr>
 *   <tr><td>3</td><td>not found</td></tr>
 *   <tr><td>4</td><td>permission denied</td></tr>
 *   <tr><td>5</td><td>consistency: a hook could not quiesce or release, or the freeze was lifted before the cut</td></tr>
 *   <tr><td>6</td><td>timeout</td></tr>
 *   <tr><td>7</td><td>unavailable or rate limited (retry later)</td></tr>
 *   <tr><td>8</td><td>the provider does not support the operation</td></tr>
 *   <tr><td>9</td><td>conflict (name taken, object in use, not managed)</td></tr>
 *   <tr><td>10</td><td>the pipeline's test command failed</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C)</td></tr>
 * </table>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int PERMISSION = 4;
  public static final int CONSISTENCY = 5;
  public static final int TIMEOUT = 6;
  public static final int UNAVAILABLE = 7;
  public static final int UNSUPPORTED = 8;
  public static final int CONFLICT = 9;
  public static final int TEST_FAILED = 10;
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** The exit code for an error that ended a command. */
  public static int of(Throwable error) {
    if (error instanceof InvalidRequestException) {
      return USAGE;
    }
    if (error instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (error instanceof PermissionDeniedException) {
      return PERMISSION;
    }
    if (error instanceof ConsistencyException) {
      return CONSISTENCY;
    }
    if (error instanceof SnapshotTimeoutException) {
      return TIMEOUT;
    }
    if (error instanceof UnavailableException) {
      return UNAVAILABLE;
    }
    if (error instanceof UnsupportedCapabilityException) {
      return UNSUPPORTED;
    }
    if (error instanceof ConflictException) {
      return CONFLICT;
    }
    if (error instanceof InterruptedException) {
      return INTERRUPTED;
    }
    return FAILURE;
  }
}
