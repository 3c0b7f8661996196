package dev.snapfork.csi.internal;

/**
 * What an API call was about, so the translator can name it: the verb, the resource (plural, with
 * its API group), and the object's namespace and name where there is one.
 *
 * @param verb the RBAC verb ({@code get}, {@code list}, {@code watch}, {@code create}, {@code delete})
 * @param resource the resource plural, e.g. {@code volumesnapshots}
 * @param apiGroup the API group, empty for the core group
 * @param kind the Snapfork kind used in not-found errors ({@code snapshot}, {@code volume}, ...)
 * @param namespace the namespace, or null for cluster-scoped resources
 * @param id the id reported in not-found errors (as the caller gave it), or null for collections
 */
public record ApiCall(String verb, String resource, String apiGroup, String kind, String namespace, String id) {
  /** The RBAC-style name, e.g. {@code volumesnapshots.snapshot.storage.k8s.io}. */
  public String qualifiedResource() {
    return apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
  }

  /** A short description for messages. */
  public String describe() {
    String where = namespace == null ? "" : " in namespace " + namespace;
    return verb + " " + qualifiedResource() + (id == null ? "" : " '" + id + "'") + where;
  }
}
