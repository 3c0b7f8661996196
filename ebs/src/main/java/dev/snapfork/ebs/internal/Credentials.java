package dev.snapfork.ebs.internal;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Wraps the credentials provider every client and the direct block transport use, so that "no
 * credentials" is recognised wherever it surfaces: a failure to resolve credentials is thrown as
 * an {@link SdkClientException} whose cause is a {@link Missing}, which {@link AwsErrors} turns
 * into a non-retryable {@link dev.snapfork.ConfigurationException} naming where credentials are
 * looked for (instead of an "unavailable" that callers would retry).
 */
public final class Credentials implements AwsCredentialsProvider, AutoCloseable {
  /** Where the SDK's default chain looks, in its order (AWS SDK for Java v2 DefaultCredentialsProvider). */
  static final String DEFAULT_CHAIN = "the Java system properties aws.accessKeyId and aws.secretAccessKey; "
      + "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN); "
      + "web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN); "
      + "the profile AWS_PROFILE (default 'default') in ~/.aws/credentials and ~/.aws/config; "
      + "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI); "
      + "the EC2 instance metadata service (unless AWS_EC2_METADATA_DISABLED=true)";

  /** Marks a credentials failure in an exception's cause chain; carries the message to show. */
  public static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String where;

    Missing(String key, String where, Throwable cause) {
      super("no AWS credentials: " + where, cause);
      this.key = key;
      this.where = where;
    }

    /** Where credentials were looked for. */
    public String where() {
      return where;
    }

    /** The configuration key the message is about. */
    public String key() {
      return key;
    }
  }

  private final AwsCredentialsProvider delegate;
  private final String key;
  private final String where;

  private Credentials(AwsCredentialsProvider delegate, String key, String where) {
    this.delegate = delegate;
    this.key = key;
    this.where = where;
  }

  /** The SDK's default chain, used when nothing is configured. */
  public static Credentials defaultChain() {
    return new Credentials(Clients.defaultCredentials(), "snapfork.ebs.access-key-id",
        "none are configured (snapfork.ebs.access-key-id and snapfork.ebs.secret-access-key, or snapfork.ebs.profile) "
            + "and the AWS SDK's default chain found none; it looks at " + DEFAULT_CHAIN);
  }

  /** A named profile ({@code snapfork.ebs.profile}). */
  public static Credentials profile(AwsCredentialsProvider provider, String profile) {
    return new Credentials(provider, "snapfork.ebs.profile", "the profile '" + profile
        + "' (snapfork.ebs.profile) in ~/.aws/credentials or ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE) has none");
  }

  /** A provider given in code ({@code EbsSnapshotProvider.Builder.credentials}); already wrapped ones are kept. */
  public static Credentials given(AwsCredentialsProvider provider) {
    return provider instanceof Credentials c ? c
        : new Credentials(provider, "snapfork.ebs.access-key-id", "the configured credentials provider (" + provider.getClass().getSimpleName() + ") supplied none");
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return delegate.resolveCredentials();
    } catch (RuntimeException e) {
      // the SDK's reasons name providers and files, never secret values
      Missing m = new Missing(key, where, e);
      throw SdkClientException.builder().message(m.getMessage()).cause(m).build();
    }
  }

  @Override
  public void close() throws Exception {
    if (delegate instanceof AutoCloseable c) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return "Credentials(" + delegate.getClass().getSimpleName() + ")";
  }
}
