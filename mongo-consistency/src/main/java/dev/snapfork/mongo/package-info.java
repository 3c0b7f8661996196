/**
 * The MongoDB consistency hook: {@link dev.snapfork.mongo.MongoConsistencyHook}, its settings
 * ({@link dev.snapfork.mongo.MongoHookSettings}), lock events and the recovery result.
 */
package dev.snapfork.mongo;
