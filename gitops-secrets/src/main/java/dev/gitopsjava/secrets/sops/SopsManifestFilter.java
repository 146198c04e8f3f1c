package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.spi.ManifestFilter;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.age.AgeIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decrypts SOPS-encrypted manifests at render time, as Flux's kustomize-controller does: a
 * manifest with a top-level {@code sops} mapping is decrypted through SOPS's JSON store (key order
 * kept, MAC verified) and replaced by its plaintext, without the {@code sops} block. Other
 * manifests pass unchanged.
 *
 * <pre>{@code
 * ManifestFilter sops = SopsManifestFilter.builder()
 *     .identities(AgeIdentity.readIdentityFile(Path.of("/etc/gitops/age.txt")))
 *     .build();
 * }</pre>
 *
 * <p>Found by {@link java.util.ServiceLoader} too: the no-argument constructor takes identities
 * from {@code SOPS_AGE_KEY_FILE} / {@code SOPS_AGE_KEY}, read when the first encrypted manifest
 * arrives. A manifest that cannot be decrypted stops the render with a {@link GitOpsException}
 * naming the manifest and the failing path (its cause is the {@link SealingException}); decrypted
 * values never appear in messages.
 */
public final class SopsManifestFilter implements ManifestFilter {
  private final Supplier<List<AgeIdentity>> identities;

  /** For {@link java.util.ServiceLoader}: identities from the process environment. */
  public SopsManifestFilter() {
    this(memoize(() -> SopsAgeIdentities.fromEnvironment(System.getenv())));
  }

  private SopsManifestFilter(Supplier<List<AgeIdentity>> identities) {
    this.identities = identities;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "sops";
  }

  /** Runs before other filters, so they see plaintext resources. */
  @Override
  public int priority() {
    return 1000;
  }

  @Override
  public List<Manifest> filter(List<Manifest> manifests, RenderContext context) {
    List<Manifest> out = new ArrayList<>(manifests.size());
    for (Manifest m : manifests) {
      out.add(isEncrypted(m) ? decrypt(m) : m);
    }
    return out;
  }

  private static boolean isEncrypted(Manifest m) {
    return SopsManifests.isEncrypted(m);
  }

  private Manifest decrypt(Manifest m) {
    try {
      return SopsManifests.decrypt(m, identities.get());
    } catch (SealingException e) {
      throw new GitOpsException("sops: cannot decrypt " + m.key() + " from " + m.origin() + ": "
          + e.getMessage(), e);
    }
  }

  private static <T> Supplier<T> memoize(Supplier<T> s) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = Objects.requireNonNull(s.get());
              value = v;
            }
          }
        }
        return v;
      }
    };
  }

  @Override
  public String toString() {
    return "SopsManifestFilter";
  }

  /** Set-once builder: identities given directly, or read from an environment map. */
  public static final class Builder {
    private Supplier<List<AgeIdentity>> identities;

    private Builder() {}

    /** The identities that open the manifests' data keys. */
    public Builder identities(List<? extends AgeIdentity> identities) {
      Objects.requireNonNull(identities, "identities");
      check();
      List<AgeIdentity> copy = List.copyOf(identities);
      this.identities = () -> copy;
      return this;
    }

    /** Identities from {@code SOPS_AGE_KEY_FILE} / {@code SOPS_AGE_KEY} in {@code env}, read lazily. */
    public Builder environment(Map<String, String> env) {
      Objects.requireNonNull(env, "env");
      check();
      Map<String, String> copy = Map.copyOf(env);
      this.identities = memoize(() -> SopsAgeIdentities.fromEnvironment(copy));
      return this;
    }

    private void check() {
      if (identities != null) {
        throw new IllegalStateException("identities already set");
      }
    }

    /** Builds the {@code SopsManifestFilter}. */
    public SopsManifestFilter build() {
      if (identities == null) {
        throw new IllegalStateException("identities or environment is required");
      }
      return new SopsManifestFilter(identities);
    }
  }
}
