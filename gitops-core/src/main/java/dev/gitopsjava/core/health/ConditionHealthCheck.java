package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A health check for a custom resource declared as rules on its {@code status.conditions}, for
 * kinds whose controller follows the Kubernetes condition conventions:
 *
 * <pre>{@code
 * HealthCheck certificates = ConditionHealthCheck.forKind("cert-manager.io", "Certificate")
 *     .when("Ready", "True", HealthCode.HEALTHY)
 *     .when("Issuing", "False", "Failed", HealthCode.DEGRADED)
 *     .otherwise(HealthCode.PROGRESSING, "Waiting for the certificate to be issued")
 *     .build();
 * HealthAssessor health = HealthAssessor.builder().register(certificates).build();
 * }</pre>
 *
 * <p>Evaluation: if {@link Builder#requireObservedGeneration()} is set and
 * {@code status.observedGeneration} is present and lower than {@code metadata.generation}, the
 * object is Progressing (its controller has not seen the latest spec). Otherwise the rules are tried
 * in the order given, each against the object's conditions; the first that matches gives the
 * status, with the condition's message. When none matches, the {@code otherwise} status applies
 * (default Progressing, "Waiting for &lt;first rule&gt;").
 *
 * <p>{@link #ready(String, String)} is the common case: Stalled=True is Degraded, Ready=True is
 * Healthy, anything else Progressing (the kstatus conventions).
 */
public final class ConditionHealthCheck implements HealthCheck {
  private final String group;
  private final String kind;
  private final List<ConditionRule> rules;
  private final HealthStatus otherwise;
  private final boolean requireObservedGeneration;
  private final int priority;

  private ConditionHealthCheck(Builder b) {
    this.group = b.group;
    this.kind = b.kind;
    this.rules = List.copyOf(b.rules);
    this.otherwise = b.otherwise != null ? b.otherwise
        : HealthStatus.progressing("Waiting for " + rules.get(0).type() + "=" + rules.get(0).status());
    this.requireObservedGeneration = b.requireObservedGeneration;
    this.priority = b.priority;
  }

  /** Starts a check for one group and kind (any version); {@code ""} is the core group. */
  public static Builder forKind(String group, String kind) {
    return new Builder(group, kind);
  }

  /**
   * The kstatus conventions: observed generation must be current; Stalled=True is Degraded;
   * Ready=True is Healthy; otherwise Progressing.
   */
  public static ConditionHealthCheck ready(String group, String kind) {
    return forKind(group, kind)
        .requireObservedGeneration()
        .when("Stalled", "True", HealthCode.DEGRADED)
        .when("Ready", "True", HealthCode.HEALTHY)
        .otherwise(HealthCode.PROGRESSING, "Waiting for Ready=True")
        .build();
  }

  /** The rules, in evaluation order. */
  public List<ConditionRule> rules() {
    return rules;
  }

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.group().equals(group) && key.kind().equals(kind);
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    JsonNode status = doc.path("status");
    if (requireObservedGeneration) {
      Optional<Long> observed = Fields.optionalInteger(status.path("observedGeneration"));
      long generation = Fields.integer(doc.path("metadata").path("generation"), 0);
      if (observed.isPresent() && observed.get() < generation) {
        return HealthStatus.progressing("Waiting for the controller to observe generation " + generation
            + " (observed " + observed.get() + ")");
      }
    }
    JsonNode conditions = status.path("conditions");
    for (ConditionRule rule : rules) {
      for (JsonNode c : conditions) {
        if (matches(rule, c)) {
          return new HealthStatus(rule.result(), Fields.text(c.path("message")));
        }
      }
    }
    return otherwise;
  }

  private static boolean matches(ConditionRule rule, JsonNode condition) {
    return rule.type().equals(Fields.text(condition.path("type")))
        && rule.status().equalsIgnoreCase(Fields.text(condition.path("status")))
        && rule.reason().map(r -> r.equals(Fields.text(condition.path("reason")))).orElse(true);
  }

  @Override
  public String toString() {
    return "ConditionHealthCheck[" + (group.isEmpty() ? kind : group + "/" + kind) + ": " + rules
        + ", otherwise " + otherwise.status().displayName() + "]";
  }

  /** Builder for {@link ConditionHealthCheck}; needs at least one rule. */
  public static final class Builder {
    private final String group;
    private final String kind;
    private final List<ConditionRule> rules = new ArrayList<>();
    private @org.jspecify.annotations.Nullable HealthStatus otherwise;
    private boolean requireObservedGeneration;
    private int priority;

    private Builder(String group, String kind) {
      this.group = Objects.requireNonNull(group, "group");
      this.kind = Objects.requireNonNull(kind, "kind");
      if (kind.isBlank()) {
        throw new IllegalArgumentException("kind must not be blank");
      }
    }

    /** Adds a rule: condition {@code type} with {@code status} gives {@code result}. */
    public Builder when(String type, String status, HealthCode result) {
      return rule(ConditionRule.of(type, status, result));
    }

    /** Adds a rule that also requires the condition's {@code reason}. */
    public Builder when(String type, String status, String reason, HealthCode result) {
      return rule(new ConditionRule(type, status, Optional.of(reason), result));
    }

    /** Adds a rule. */
    public Builder rule(ConditionRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** The health when no rule matches (default Progressing). Set once. */
    public Builder otherwise(HealthCode result, String message) {
      if (otherwise != null) {
        throw new IllegalStateException("otherwise was already set to " + otherwise);
      }
      otherwise = new HealthStatus(result, message);
      return this;
    }

    /** Progressing while {@code status.observedGeneration} is behind {@code metadata.generation}. */
    public Builder requireObservedGeneration() {
      requireObservedGeneration = true;
      return this;
    }

    /** Priority among custom checks (default 0). */
    public Builder priority(int value) {
      priority = value;
      return this;
    }

    /** @throws IllegalStateException if no rule was added */
    public ConditionHealthCheck build() {
      if (rules.isEmpty()) {
        throw new IllegalStateException("a condition health check for " + kind + " needs at least one rule");
      }
      return new ConditionHealthCheck(this);
    }
  }
}
