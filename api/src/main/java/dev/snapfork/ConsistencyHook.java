package dev.snapfork;

/**
 * Brings an application to a consistent on-disk state before a cut and lets it go right after:
 * MongoDB {@code fsyncLock}, MySQL {@code FLUSH TABLES WITH READ LOCK}, PostgreSQL backup mode, a
 * command run in a pod. The {@link Snapshotter} calls {@link #quiesce} on each hook in order, cuts,
 * then releases every returned handle exactly once, in reverse order, on every path.
 *
 * <p>Implementations are created by a {@link dev.snapfork.spi.ConsistencyHookFactory} from
 * configuration ({@code snapfork.hooks=mongo}, {@code snapfork.hook.mongo.<key>}).
 */
public interface ConsistencyHook {

  /** The hook's name, e.g. {@code mongo}; used in events, labels and errors. */
  String name();

  /**
   * Quiesces the application and returns a handle that owns whatever holds it quiesced (a lock
   * session, a connection) until {@link QuiesceHandle#release()}. Must give up within
   * {@link QuiesceContext#timeout()} and leave the application running normally when it fails.
   *
   * @throws ConsistencyException when the application could not be quiesced (it is left
   *     unquiesced)
   */
  QuiesceHandle quiesce(QuiesceContext context);
}
