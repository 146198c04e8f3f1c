package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Argo CD's {@code managedFieldsManagers}: removes from both live and desired every field that a
 * trusted manager owns in live and whose value differs between them (an HPA's replicas, an
 * injected CA bundle). Fields the manager owns that agree are kept.
 */
final class ManagedFieldsNormalizer {
  private ManagedFieldsNormalizer() {}

  /**
   * Normalises in place; {@code live} still carries its managedFields.
   *
   * @return false when there was nothing to do (no trusted managers)
   */
  static boolean normalize(ObjectNode live, ObjectNode desired, Collection<String> trustedManagers, SchemaNode schema) {
    if (trustedManagers.isEmpty()) {
      return false;
    }
    List<FieldRemover.Location> inLive = new ArrayList<>();
    List<FieldRemover.Location> inDesired = new ArrayList<>();
    for (ManagedFields.Entry e : ManagedFields.entries(live)) {
      if (!trustedManagers.contains(e.manager())) {
        continue;
      }
      for (List<ManagedFields.Element> path : ManagedFields.leaves(e.fields())) {
        FieldRemover.Location l = ManagedFields.resolve(live, path, schema);
        FieldRemover.Location d = ManagedFields.resolve(desired, path, schema);
        JsonNode lv = l == null ? null : ManagedFields.valueAt(l);
        JsonNode dv = d == null ? null : ManagedFields.valueAt(d);
        if (lv == null && dv == null) {
          continue;
        }
        if (lv != null && dv != null && Trees.equal(lv, dv, SchemaNode.EMPTY)) {
          continue;
        }
        if (l != null) {
          inLive.add(l);
        }
        if (d != null) {
          inDesired.add(d);
        }
      }
    }
    FieldRemover.Location.removeAll(inLive);
    FieldRemover.Location.removeAll(inDesired);
    return true;
  }
}
