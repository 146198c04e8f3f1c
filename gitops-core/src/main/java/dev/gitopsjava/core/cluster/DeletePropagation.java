package dev.gitopsjava.core.cluster;

/**
 * What happens to an object's dependents (objects whose ownerReferences name it) when it is deleted,
 * as Kubernetes' {@code propagationPolicy}. Argo CD prunes with {@link #FOREGROUND} by default.
 */
public enum DeletePropagation {
  /** Dependents are deleted first; the object goes when they are gone. */
  FOREGROUND,
  /** The object goes at once; the garbage collector deletes dependents afterwards. */
  BACKGROUND,
  /** Dependents are kept, their ownerReferences removed. */
  ORPHAN
}
