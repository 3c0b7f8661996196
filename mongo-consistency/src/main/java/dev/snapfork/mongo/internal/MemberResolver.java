package dev.snapfork.mongo.internal;

import com.mongodb.ConnectionString;
import dev.snapfork.ConsistencyException;
import dev.snapfork.mongo.MemberPreference;
import dev.snapfork.mongo.MongoHookSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** Picks the one member ({@code host:port}) to lock from the settings, asking the seeds when told to prefer a role. */
public final class MemberResolver {
  private MemberResolver() {}

  /**
   * @throws ConsistencyException when no member has the preferred role
   * @throws dev.snapfork.SnapshotException translated driver errors while asking the seeds
   */
  public static String resolve(MongoHookSettings settings, ConnectionString cs) {
    if (settings.member().isPresent()) {
      return settings.member().get();
    }
    MemberPreference pref = settings.memberPreference();
    if (pref == MemberPreference.CONNECTION_STRING) {
      return SettingsRules.withPort(cs.getHosts().get(0));
    }
    Duration timeout = settings.connectTimeout();
    try (MongoSession seeds = MongoSession.seeds(cs, timeout)) {
      try {
        if (pref == MemberPreference.SECONDARY) {
          Document hello = seeds.admin(new Document("hello", 1));
          String primary = hello.getString("primary");
          List<String> candidates = new ArrayList<>();
          for (String key : List.of("hosts", "passives")) {
            List<String> hs = hello.getList(key, String.class, List.of());
            for (String h : hs) {
              if (!h.equalsIgnoreCase(primary)) {
                candidates.add(SettingsRules.withPort(h));
              }
            }
          }
          if (candidates.isEmpty()) {
            throw new ConsistencyException("member-preference=secondary: the replica set reports no secondary to lock", null);
          }
          return candidates.get(0);
        }
        Document config = seeds.admin(new Document("replSetGetConfig", 1)).get("config", Document.class);
        List<Document> members = config == null ? List.of() : config.getList("members", Document.class, List.of());
        for (Document m : members) {
          if (Boolean.TRUE.equals(m.getBoolean("hidden"))) {
            return SettingsRules.withPort(m.getString("host"));
          }
        }
        throw new ConsistencyException("member-preference=hidden: the replica set configuration has no hidden member", null);
      } catch (RuntimeException e) {
        throw MongoErrors.translate("finding the member to lock", seeds.member(), e, timeout);
      }
    }
  }
}
