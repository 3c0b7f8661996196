package dev.snapfork.ebs.internal;

import dev.snapfork.SnapshotException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs one AWS call and routes any SDK failure through {@link AwsErrors}. */
public final class Ec2Calls {
  private Ec2Calls() {}

  /** Runs {@code call}; SDK exceptions become Snapfork exceptions about {@code kind} {@code id}. */
  public static <T> T call(String action, String kind, String id, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(e, kind, id, action);
    } catch (SnapshotException e) {
      throw e;
    } catch (RuntimeException e) {
      // The SDK's own interceptors (e.g. CopySnapshot's pre-signing) throw plain runtime exceptions.
      throw new dev.snapfork.BackendFailureException(action + " failed in the AWS SDK: " + e.getMessage(), e);
    }
  }
}
