package dev.snapfork.csi.internal;

import dev.snapfork.BackendFailureException;

/**
 * The API server answered 410 Gone ({@code Expired}): a list {@code continue} token or a resource
 * version is older than etcd's last compaction. Sending it again can never succeed, so this is not
 * retryable; a listing must start again from its first page (the provider's streams do that
 * themselves). Thrown by {@link ErrorTranslator}; a {@link BackendFailureException} to callers.
 */
public final class ExpiredListException extends BackendFailureException {
  private static final long serialVersionUID = 1L;

  ExpiredListException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
