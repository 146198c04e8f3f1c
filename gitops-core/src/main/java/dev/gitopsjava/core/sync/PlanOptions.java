package dev.gitopsjava.core.sync;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An application's sync options as the planner needs them, derived from Argo CD's
 * {@link dev.gitopsjava.core.SyncOptions} and the destination.
 *
 * <pre>{@code
 * PlanOptions options = PlanOptions.builder()
 *     .destinationNamespace("shop")
 *     .createNamespace(true)
 *     .prune(true)
 *     .build();
 * }</pre>
 *
 * @param prune delete resources that carry the application's mark and are no longer desired
 *     (Argo CD {@code automated.prune}); when off, such resources appear as
 *     {@link SyncAction#PRUNE_SKIPPED}
 * @param pruneLast prune only after every other Sync-phase wave ({@code PruneLast=true})
 * @param createNamespace create the destination namespace first ({@code CreateNamespace=true})
 * @param allowEmpty allow an empty desired state (otherwise planning refuses)
 * @param destinationNamespace the namespace given to namespaced manifests without one; {@code ""}
 *     for none
 */
public record PlanOptions(
    boolean prune,
    boolean pruneLast,
    boolean createNamespace,
    boolean allowEmpty,
    String destinationNamespace) {

  // RFC 1123 label, as Kubernetes requires for namespace names.
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Checks the components. */
  public PlanOptions {
    Objects.requireNonNull(destinationNamespace, "destinationNamespace");
    if (!destinationNamespace.isEmpty() && !NAMESPACE.matcher(destinationNamespace).matches()) {
      throw new IllegalArgumentException("destinationNamespace '" + destinationNamespace
          + "' is not a valid namespace name (RFC 1123 label)");
    }
    if (createNamespace && destinationNamespace.isEmpty()) {
      throw new IllegalArgumentException("createNamespace needs a destinationNamespace");
    }
  }

  /** Defaults: no prune, no PruneLast, no namespace creation, empty not allowed, no namespace. */
  public static PlanOptions defaults() {
    return builder().build();
  }

  /** A set-once builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Set-once builder for {@link PlanOptions}; setting an option twice fails. */
  public static final class Builder {
    private @Nullable Boolean prune;
    private @Nullable Boolean pruneLast;
    private @Nullable Boolean createNamespace;
    private @Nullable Boolean allowEmpty;
    private @Nullable String destinationNamespace;

    private Builder() {}

    /** Sets {@code prune}. */
    public Builder prune(boolean value) {
      prune = once(prune, value, "prune");
      return this;
    }

    /** Sets {@code pruneLast}. */
    public Builder pruneLast(boolean value) {
      pruneLast = once(pruneLast, value, "pruneLast");
      return this;
    }

    /** Sets {@code createNamespace}. */
    public Builder createNamespace(boolean value) {
      createNamespace = once(createNamespace, value, "createNamespace");
      return this;
    }

    /** Sets {@code allowEmpty}. */
    public Builder allowEmpty(boolean value) {
      allowEmpty = once(allowEmpty, value, "allowEmpty");
      return this;
    }

    /** Sets {@code destinationNamespace}. */
    public Builder destinationNamespace(String value) {
      destinationNamespace = once(destinationNamespace, Objects.requireNonNull(value, "destinationNamespace"),
          "destinationNamespace");
      return this;
    }

    /** @throws IllegalArgumentException if the options contradict each other */
    public PlanOptions build() {
      return new PlanOptions(
          prune != null && prune,
          pruneLast != null && pruneLast,
          createNamespace != null && createNamespace,
          allowEmpty != null && allowEmpty,
          destinationNamespace == null ? "" : destinationNamespace);
    }

    private static <T> T once(@Nullable T previous, T value, String name) {
      if (previous != null) {
        throw new IllegalStateException(name + " was already set to " + previous);
      }
      return value;
    }
  }
}
