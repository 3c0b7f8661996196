package dev.snapfork;

/** What an orchestrated snapshot guarantees about the application's data. */
public enum Consistency {
  /** Cut while every configured hook held the application quiesced. */
  APPLICATION,
  /**
   * Cut without (or after losing) the quiesce: equivalent to pulling the power plug. Returned only
   * when the caller allowed it ({@link ConsistencyPolicy#ALLOW_CRASH_CONSISTENT}) or configured no
   * hooks.
   */
  CRASH
}
