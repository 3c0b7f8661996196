package dev.snapfork.csi.internal;

import dev.snapfork.spi.Checks;
import dev.snapfork.InvalidRequestException;

/**
 * A namespaced object reference parsed from a Snapfork id: {@code namespace/name}, or a bare
 * {@code name} in the provider's default namespace. Both parts are checked against the Kubernetes
 * naming rules before any call.
 *
 * @param namespace the namespace
 * @param name the object name
 * @param original the id as the caller gave it (reported back in not-found errors)
 */
public record ObjectRef(String namespace, String name, String original) {

  /**
   * Parses {@code id}.
   *
   * @throws InvalidRequestException naming {@code field} when the id is blank or a part breaks the rules
   */
  public static ObjectRef parse(String field, String id, String defaultNamespace) {
    Checks.notBlank(field, id);
    int slash = id.indexOf('/');
    if (slash < 0) {
      return new ObjectRef(K8sNames.namespace("namespace", defaultNamespace), K8sNames.objectName(field, id), id);
    }
    if (id.indexOf('/', slash + 1) >= 0) {
      throw new InvalidRequestException(field, "must be 'namespace/name' or 'name', got '" + id + "'");
    }
    String ns = K8sNames.namespace(field + " (namespace part)", id.substring(0, slash));
    String name = K8sNames.objectName(field + " (name part)", id.substring(slash + 1));
    return new ObjectRef(ns, name, id);
  }

  /** The canonical id, {@code namespace/name}. */
  public String id() {
    return namespace + "/" + name;
  }
}
