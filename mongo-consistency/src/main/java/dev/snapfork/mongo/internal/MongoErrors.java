package dev.snapfork.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import dev.snapfork.BackendFailureException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.UnavailableException;
import java.time.Duration;
import java.util.Set;

/**
 * The one translator from MongoDB driver errors to Snapfork exceptions. Driver messages are kept
 * except for authentication failures (they name the user); the connection string never appears.
 */
public final class MongoErrors {
  /** {@code IllegalOperation}: what a 7.x server answers to fsyncUnlock when not locked. */
  public static final int ILLEGAL_OPERATION = 20;
  private static final Set<Integer> AUTH = Set.of(11, 13, 18); // UserNotFound, Unauthorized, AuthenticationFailed
  private static final Set<Integer> TIMEOUT = Set.of(50, 262, 46); // MaxTimeMSExpired, ExceededTimeLimit, LockBusy
  private static final Set<Integer> TRANSIENT = Set.of(6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436);

  private MongoErrors() {}

  /** Whether the error says the server was not locked (matched on the condition, not one code). */
  public static boolean notLocked(RuntimeException e) {
    if (e instanceof MongoCommandException c) {
      String msg = String.valueOf(c.getErrorMessage()).toLowerCase(java.util.Locale.ROOT);
      return c.getErrorCode() == ILLEGAL_OPERATION || msg.contains("not locked");
    }
    return false;
  }

  /** Whether the command certainly did not reach the server (safe to send again). */
  public static boolean notSent(RuntimeException e) {
    return e instanceof MongoSocketOpenException || (e instanceof MongoTimeoutException && !(e instanceof MongoOperationTimeoutException));
  }

  /**
   * Whether the command may have run but its reply was lost. An operation timeout (a command run
   * with a bound, {@link MongoSession#admin(org.bson.Document, Duration)}) counts: it may have
   * expired while the reply was on its way.
   */
  public static boolean replyLost(RuntimeException e) {
    return e instanceof MongoSocketReadException || e instanceof MongoSocketReadTimeoutException || e instanceof MongoOperationTimeoutException
        || (e instanceof MongoSocketException && !(e instanceof MongoSocketOpenException));
  }

  /** Whether repeating the command later may succeed. */
  public static boolean retryable(RuntimeException e) {
    if (e instanceof MongoSocketException || e instanceof MongoTimeoutException) {
      return true;
    }
    return e instanceof MongoCommandException c && TRANSIENT.contains(c.getErrorCode());
  }

  /**
   * Translates a driver error raised while doing {@code action} on {@code member}.
   *
   * @param waited the bound that applied, reported by timeouts
   */
  public static SnapshotException translate(String action, String member, RuntimeException e, Duration waited) {
    if (e instanceof SnapshotException se) {
      return se;
    }
    String where = action + " on MongoDB " + member;
    if (e instanceof MongoSecurityException) {
      return new PermissionDeniedException(where + " failed: authentication failed (check the user and password in the connection string)", null);
    }
    if (e instanceof MongoCommandException c) {
      String what = where + " failed: " + c.getErrorCodeName() + " (" + c.getErrorCode() + "): " + c.getErrorMessage();
      if (AUTH.contains(c.getErrorCode())) {
        return new PermissionDeniedException(what, null);
      }
      if (TIMEOUT.contains(c.getErrorCode())) {
        return new SnapshotTimeoutException(what, waited, c);
      }
      if (TRANSIENT.contains(c.getErrorCode())) {
        return new UnavailableException(what, c);
      }
      return new BackendFailureException(what, c);
    }
    if (e instanceof MongoOperationTimeoutException) {
      return new UnavailableException(where + " got no answer within " + waited + " (server unreachable or not answering)", e);
    }
    if (e instanceof MongoTimeoutException) {
      return new UnavailableException(where + " failed: server not reachable within " + waited, e);
    }
    if (e instanceof MongoExecutionTimeoutException) {
      return new SnapshotTimeoutException(where + " did not finish within " + waited, waited, e);
    }
    if (e instanceof MongoSocketException) {
      return new UnavailableException(where + " failed: connection error: " + e.getMessage(), e);
    }
    if (e instanceof MongoException) {
      return new BackendFailureException(where + " failed: " + e.getMessage(), e);
    }
    return new BackendFailureException(where + " failed: " + e, e);
  }
}
