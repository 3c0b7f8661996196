package dev.snapfork.csi.internal;

import dev.snapfork.SnapshotException;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, by API discovery ({@code GET /apis}), which version of {@code groupsnapshot.storage.k8s.io}
 * the cluster serves, preferring {@code v1}, then {@code v1beta2}, {@code v1beta1},
 * {@code v1alpha1}. A successful answer (or a 404 for {@code /apis}) is cached for the provider's life; a failed discovery
 * (e.g. 403 or an unreachable server) is logged, reported as "not served", and retried on the next
 * call. Never throws.
 */
public final class GroupApiDiscovery {
  /** The API group of VolumeGroupSnapshot. */
  public static final String GROUP = "groupsnapshot.storage.k8s.io";
  static final List<String> PREFERENCE = List.of("v1", "v1beta2", "v1beta1", "v1alpha1");
  private static final Logger LOG = LoggerFactory.getLogger(GroupApiDiscovery.class);

  private final KubernetesClient client;
  private final Calls calls;
  private volatile Optional<String> version;

  public GroupApiDiscovery(KubernetesClient client, Calls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The served version, or empty when the group is not served (or discovery failed). */
  public Optional<String> version() {
    Optional<String> v = version;
    if (v != null) {
      return v;
    }
    try {
      APIGroupList groups = calls.run(new ApiCall("get", "apis", "", "api discovery", null, "/apis"), client::getApiGroups);
      Optional<String> found = groups == null || groups.getGroups() == null ? Optional.empty()
          : groups.getGroups().stream().filter(g -> GROUP.equals(g.getName())).findFirst().flatMap(GroupApiDiscovery::pick);
      version = found;
      return found;
    } catch (dev.snapfork.NotFoundException e) {
      version = Optional.empty(); // no /apis at all: nothing to discover
      return version;
    } catch (SnapshotException e) {
      LOG.warn("API discovery of {} failed ({}); native group snapshots are not offered until it succeeds", GROUP,
          e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<String> pick(APIGroup group) {
    List<String> served = group.getVersions() == null ? List.of()
        : group.getVersions().stream().map(GroupVersionForDiscovery::getVersion).toList();
    return PREFERENCE.stream().filter(served::contains).findFirst();
  }

  /** The resource context of VolumeGroupSnapshot at {@code version}. */
  public static ResourceDefinitionContext context(String version) {
    return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind("VolumeGroupSnapshot")
        .withPlural("volumegroupsnapshots").withNamespaced(true).build();
  }
}
