package dev.snapfork.examples.cli;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.config.ConfigView;
import dev.snapfork.examples.mongo.MongoUnlock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapfork mongo unlock}: releases a MongoDB fsync lock left behind (recovery). */
@Command(name = "mongo", mixinStandardHelpOptions = true, description = "MongoDB recovery commands.",
    subcommands = MongoCommand.Unlock.class)
final class MongoCommand {
  @Command(name = "unlock", mixinStandardHelpOptions = true,
      description = "Release the fsync lock of a MongoDB server left locked (needs " + MongoUnlock.ARTIFACT + ").")
  static final class Unlock extends BaseCommand {
    @Option(names = "--uri", paramLabel = "URI",
        description = "Connection string (default snapfork.hook.mongo.connection-string); never printed.")
    String uri;
    @Option(names = "--force", description = "Unlock until the server's lock count is 0 (also releases locks others hold, and"
        + " freezes a running Snapfork process holds; without it those are refused and named).")
    boolean force;

    @Override
    int run() {
      if (uri != null) {
        session.redactor().add(java.util.List.of(uri));
      }
      MongoUnlock unlock = new MongoUnlock();
      unlock.requireModule();
      // snapfork.hook.mongo.* from the configuration, --uri overriding the connection string
      ConfigView configured = session.config().hook("mongo");
      Map<String, String> values = new LinkedHashMap<>(configured.asMap());
      if (uri != null) {
        values.put("connection-string", uri);
      }
      if (!values.containsKey("connection-string")) {
        throw new InvalidRequestException("--uri",
            "give the MongoDB connection string with --uri or snapfork.hook.mongo.connection-string");
      }
      session.printer().one(row(unlock.unlock(ConfigView.of(configured.prefix(), values), force)));
      return ExitCodes.OK;
    }

    /**
     * The printed result: {@code locked} (before the unlock), {@code unlocks}, then
     * {@code remainingLockCount} only when it is known, and the detail.
     */
    static Map<String, Object> row(MongoUnlock.Outcome o) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("locked", o.locked());
      row.put("unlocks", o.unlocks());
      o.remainingLockCount().ifPresent(n -> row.put("remainingLockCount", n));
      row.put("detail", o.detail());
      return row;
    }
  }

  private MongoCommand() {}
}
