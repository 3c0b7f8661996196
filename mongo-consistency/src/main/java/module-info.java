/**
 * Snapfork's MongoDB consistency hook ({@code snapfork.hooks=mongo}): {@code fsync} with
 * {@code lock: true} before the cut, {@code fsyncUnlock} right after it, topology-aware, with a
 * recovery call that unlocks what a Snapfork hook left locked. Package
 * {@code dev.snapfork.mongo.internal} is not API.
 */
module dev.snapfork.mongo {
  requires transitive dev.snapfork.api;
  requires org.mongodb.driver.sync.client;
  requires org.mongodb.driver.core;
  requires org.mongodb.bson;
  requires org.slf4j;

  exports dev.snapfork.mongo;

  provides dev.snapfork.spi.ConsistencyHookFactory with dev.snapfork.mongo.internal.MongoHookFactory;
}
