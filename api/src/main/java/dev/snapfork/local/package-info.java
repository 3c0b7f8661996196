/**
 * The built-in {@code local} provider: snapshots and clones of directories on the local file
 * system. It needs no storage system and is the default when no other provider is on the class
 * path; see {@link dev.snapfork.local.LocalSnapshotProvider}.
 */
package dev.snapfork.local;
