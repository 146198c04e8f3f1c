package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.Manifest;
import java.math.BigInteger;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The wave of a resource: {@code argocd.argoproj.io/sync-wave} as a decimal integer; if that is
 * missing or does not parse, {@code helm.sh/hook-weight} the same way; else 0.
 *
 * <p>Parsing follows Go's {@code strconv.Atoi} (what Argo CD uses): an optional {@code +} or
 * {@code -} and ASCII digits only, no spaces. Unlike Java's {@code Integer.parseInt} it rejects
 * non-ASCII digits. Values outside the {@code int} range are clamped to it rather than rejected, so
 * a huge wave still means "very late".
 */
final class SyncWaveAnnotation {
  static final String ANNOTATION = "argocd.argoproj.io/sync-wave";
  static final String HELM_WEIGHT = "helm.sh/hook-weight";
  private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  private SyncWaveAnnotation() {}

  static int of(Manifest m) {
    return of(m.annotations());
  }

  static int of(Map<String, String> annotations) {
    String wave = annotations.get(ANNOTATION);
    if (wave != null) {
      OptionalInt parsed = parse(wave);
      if (parsed.isPresent()) {
        return parsed.getAsInt();
      }
    }
    String weight = annotations.get(HELM_WEIGHT);
    if (weight != null) {
      OptionalInt parsed = parse(weight);
      if (parsed.isPresent()) {
        return parsed.getAsInt();
      }
    }
    return 0;
  }

  /** Parses one annotation value; empty when it is not a decimal integer. */
  static OptionalInt parse(String text) {
    int start = 0;
    if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
      start = 1;
    }
    if (start == text.length()) {
      return OptionalInt.empty();
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalInt.empty();
      }
    }
    if (text.length() - start <= 9) {
      return OptionalInt.of(Integer.parseInt(text));
    }
    BigInteger value = new BigInteger(text);
    return OptionalInt.of(value.max(MIN).min(MAX).intValueExact());
  }
}
