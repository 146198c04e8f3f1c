package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The mark that says "application X applied this object", written on every object the engine
 * applies. Prune deletes only objects that {@link #owns carry this application's mark}.
 *
 * <p>Two parts, each for one job:
 * <ul>
 *   <li><b>Annotation {@value #ANNOTATION}</b> = {@code <app>:<group>/<kind>:<namespace>/<name>},
 *       the format of Argo CD's {@code argocd.argoproj.io/tracking-id}. It is the authority on
 *       ownership. Because it names the object's own identity, a copy of it on another object
 *       (operators copy labels and annotations from a parent to the children they create) does not
 *       make that object ours: Argo CD's "self-referencing" check (argo-cd#8683). Annotations have
 *       no length limit that matters here, so the full application name fits.</li>
 *   <li><b>Label {@value #LABEL}</b> = the application name (shortened with a hash when it is not a
 *       valid label value). It exists only so the engine can <em>list</em> candidate objects with an
 *       equality selector; annotations cannot be selected on. We do not use
 *       {@code app.kubernetes.io/instance} (Argo CD's label mode) because Helm charts and many
 *       kustomize bases set that label themselves, to their release name, which would make objects
 *       look owned by the wrong application or not at all.</li>
 * </ul>
 * A listed object without a matching annotation is never treated as ours.
 *
 * @param application the application name
 */
public record TrackingMark(String application) {

  /** The ownership annotation. */
  public static final String ANNOTATION = "gitops-java.dev/tracking-id";
  /** The listing label. */
  public static final String LABEL = "gitops-java.dev/application";

  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final int MAX_LABEL = 63;

  /** Checks the components. */
  public TrackingMark {
    Objects.requireNonNull(application, "application");
    if (application.isEmpty() || application.indexOf(':') >= 0 || application.indexOf('/') >= 0
        || application.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "application name must be non-empty without ':', '/' or whitespace: '" + application + "'");
    }
  }

  /** The mark of one application. */
  public static TrackingMark of(String application) {
    return new TrackingMark(application);
  }

  /**
   * A copy of {@code desired} carrying this mark. Call it after the namespace is final (the
   * destination namespace filled in), since the annotation names it.
   */
  public Manifest applyTo(Manifest desired) {
    return desired.withAnnotation(ANNOTATION, trackingId(desired.key())).withLabel(LABEL, labelValue());
  }

  /**
   * True when {@code live} carries this application's annotation and the annotation names
   * {@code live} itself (group, kind, namespace, name). A copied annotation does not count.
   */
  public boolean owns(Manifest live) {
    return live.annotation(ANNOTATION).map(id -> id.equals(trackingId(live.key()))).orElse(false);
  }

  /** The equality label selector that lists candidates for {@link #owns}. */
  public Map<String, String> selector() {
    return Map.of(LABEL, labelValue());
  }

  /** The annotation value for an object of this application with this key. */
  public String trackingId(ResourceKey key) {
    return application + ":" + key.group() + "/" + key.kind() + ":" + key.namespace() + "/" + key.name();
  }

  /** The label value: the application name, or a 52-char prefix plus a hash when it does not fit. */
  public String labelValue() {
    if (application.length() <= MAX_LABEL && LABEL_VALUE.matcher(application).matches()) {
      return application;
    }
    String hash = HexFormat.of().formatHex(sha256(application)).substring(0, 10);
    String prefix = application.replaceAll("[^-A-Za-z0-9_.]", "-");
    prefix = prefix.substring(0, Math.min(prefix.length(), MAX_LABEL - hash.length() - 1));
    prefix = prefix.replaceAll("^[^A-Za-z0-9]+", "");
    return prefix.isEmpty() ? hash : prefix + "-" + hash;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
