package dev.snapfork.ebs.internal;

/**
 * A concurrency limit that adapts to throttling: it halves when AWS throttles a block call and
 * grows by one after as many successes as the current limit (additive increase, multiplicative
 * decrease), never above the configured maximum nor below one.
 */
public final class AdaptiveLimiter {
  private final int max;
  private int limit;
  private int inUse;
  private int successes;
  private int lowest;
  private long throttles;

  public AdaptiveLimiter(int max) {
    this.max = max;
    this.limit = max;
    this.lowest = max;
  }

  /** Blocks until a slot is free under the current limit. */
  public synchronized void acquire() throws InterruptedException {
    while (inUse >= limit) {
      wait();
    }
    inUse++;
  }

  public synchronized void release() {
    inUse--;
    notifyAll();
  }

  /** A call succeeded: after {@code limit} successes in a row the limit grows by one. */
  public synchronized void onSuccess() {
    if (limit < max && ++successes >= limit) {
      limit++;
      successes = 0;
      notifyAll();
    }
  }

  /** AWS throttled a call: halve the limit. */
  public synchronized void onThrottle() {
    throttles++;
    successes = 0;
    limit = Math.max(1, limit / 2);
    lowest = Math.min(lowest, limit);
  }

  public synchronized int limit() {
    return limit;
  }

  /** The lowest limit reached so far. */
  public synchronized int lowest() {
    return lowest;
  }

  public synchronized long throttles() {
    return throttles;
  }

  /** Waits until nothing is in flight. */
  public synchronized void drain() throws InterruptedException {
    while (inUse > 0) {
      wait();
    }
  }
}
