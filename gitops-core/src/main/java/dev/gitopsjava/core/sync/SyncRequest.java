package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.cluster.DeletePropagation;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.model.DesiredState;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sync to run: an application's desired state and how to apply it.
 *
 * <pre>{@code
 * SyncRequest request = SyncRequest.builder("payment-api", desired)
 *     .options(PlanOptions.builder().destinationNamespace("payments").createNamespace(true).prune(true).build())
 *     .build();
 * SyncResult result = executor.sync(request);
 * }</pre>
 *
 * @param application the application's name; every applied object carries its
 *     {@link dev.gitopsjava.core.cluster.TrackingMark}
 * @param desired what Git says, as rendered (namespaces and marks are added by the executor)
 * @param options prune, PruneLast, CreateNamespace, allowEmpty, destination namespace
 * @param differ the three-way diff (with the application's ignore rules)
 * @param serverSideApply apply with server-side apply instead of the client-side merge
 *     ({@code ServerSideApply=true}); needs a real API server
 * @param prunePropagation how pruned objects' dependents are deleted ({@code PrunePropagationPolicy})
 * @param dryRun plan only; write nothing
 */
public record SyncRequest(String application, DesiredState desired, PlanOptions options, Differ differ,
    boolean serverSideApply, DeletePropagation prunePropagation, boolean dryRun) {

  /** Checks the components. */
  public SyncRequest {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(differ, "differ");
    Objects.requireNonNull(prunePropagation, "prunePropagation");
  }

  /** Starts a request for an application's desired state. */
  public static Builder builder(String application, DesiredState desired) {
    return new Builder(application, desired);
  }

  /** Building a differ parses its schema table: share the standard one. */
  private static final class StandardDiffer {
    static final Differ INSTANCE = Differ.standard();
  }

  /** Set-once builder for {@link SyncRequest}. */
  public static final class Builder {
    private final String application;
    private final DesiredState desired;
    private @Nullable PlanOptions options;
    private @Nullable Differ differ;
    private @Nullable Boolean serverSideApply;
    private @Nullable DeletePropagation prunePropagation;
    private @Nullable Boolean dryRun;

    private Builder(String application, DesiredState desired) {
      this.application = Objects.requireNonNull(application, "application");
      this.desired = Objects.requireNonNull(desired, "desired");
    }

    /** Sets {@code options}. */
    public Builder options(PlanOptions value) {
      options = once(options, Objects.requireNonNull(value, "options"), "options");
      return this;
    }

    /** Sets {@code differ}. */
    public Builder differ(Differ value) {
      differ = once(differ, Objects.requireNonNull(value, "differ"), "differ");
      return this;
    }

    /** Sets {@code serverSideApply}. */
    public Builder serverSideApply(boolean value) {
      serverSideApply = once(serverSideApply, value, "serverSideApply");
      return this;
    }

    /** Sets {@code prunePropagation}. */
    public Builder prunePropagation(DeletePropagation value) {
      prunePropagation = once(prunePropagation, Objects.requireNonNull(value, "prunePropagation"), "prunePropagation");
      return this;
    }

    /** Sets {@code dryRun}. */
    public Builder dryRun(boolean value) {
      dryRun = once(dryRun, value, "dryRun");
      return this;
    }

    /** Builds the {@code SyncRequest}. */
    public SyncRequest build() {
      return new SyncRequest(application, desired,
          options == null ? PlanOptions.defaults() : options,
          differ == null ? StandardDiffer.INSTANCE : differ,
          serverSideApply != null && serverSideApply,
          prunePropagation == null ? DeletePropagation.FOREGROUND : prunePropagation,
          dryRun != null && dryRun);
    }

    private static <T> T once(@Nullable T previous, T value, String name) {
      if (previous != null) {
        throw new IllegalStateException(name + " was already set to " + previous);
      }
      return value;
    }
  }
}
