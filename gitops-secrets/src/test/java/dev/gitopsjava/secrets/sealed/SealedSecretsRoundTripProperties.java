package dev.gitopsjava.secrets.sealed;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.NoMatchingKeyException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Seal then unseal is the identity for arbitrary bytes, names, namespaces and item keys in every
 * scope; a strict SealedSecret renamed does not unseal.
 */
class SealedSecretsRoundTripProperties {
  // 2048 bits keeps each unseal cheap; the format does not depend on the key size.
  private static final SealingKey KEY = SealingKey.generate(2048, Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
  private static final ControllerCertificate CERT = KEY.certificate().orElseThrow();
  private static final SealingKeys KEYS = SealingKeys.of(KEY);

  record Names(String namespace, String name, String item) {}

  /** DNS-label-like names, and item keys from the Secret key alphabet. */
  static Gen<Names> names() {
    Gen<String> label = strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 30);
    Gen<String> itemKey = strings().betweenCodePoints('-', 'z').ofLengthBetween(1, 40)
        .map(s -> s.replaceAll("[^-._a-zA-Z0-9]", "_"));
    return label.zip(label, itemKey, Names::new);
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Manifest secret(Names n, byte[] value) {
    Manifest secret = Manifest.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: y}\n");
    var tree = secret.mutableCopy();
    ((tools.jackson.databind.node.ObjectNode) tree.get("metadata")).put("name", n.name()).put("namespace", n.namespace());
    tree.putObject("data").put(n.item(), Base64.getEncoder().encodeToString(value));
    return Manifest.of(tree, secret.origin());
  }

  @Test
  void sealThenUnsealIsIdentity() {
    qt().withExamples(40).forAll(names(), integers().between(0, 2000), longs().all(),
            arbitrary().enumValues(SealingScope.class))
        .checkAssert((n, size, seed, scope) -> {
          byte[] value = bytes(size, seed);
          Manifest sealed = SealedSecrets.seal(secret(n, value)).certificate(CERT).scope(scope).call();
          // Through YAML as a repository would hold it.
          Manifest read = SealedSecrets.readSealedSecret(SealedSecrets.toYaml(sealed), "round-trip");
          Manifest opened = SealedSecrets.unseal(read).keys(KEYS).call();
          byte[] back = Base64.getDecoder().decode(opened.tree().path("data").path(n.item()).asString());
          if (!Arrays.equals(value, back)) {
            throw new AssertionError("round trip changed " + size + " bytes in scope " + scope);
          }
        });
  }

  @Test
  void strictSealedSecretDoesNotUnsealUnderAnotherName() {
    qt().withExamples(20).forAll(names(), integers().between(0, 100), longs().all())
        .checkAssert((n, size, seed) -> {
          Manifest sealed = SealedSecrets.seal(secret(n, bytes(size, seed))).certificate(CERT)
              .scope(SealingScope.STRICT).call();
          var renamed = sealed.mutableCopy();
          ((tools.jackson.databind.node.ObjectNode) renamed.get("metadata")).put("name", n.name() + "-moved");
          try {
            SealedSecrets.unseal(Manifest.of(renamed, sealed.origin())).keys(KEYS).call();
            throw new AssertionError("unsealed under another name: " + n);
          } catch (NoMatchingKeyException expected) {
            // the label binds the name
          }
        });
  }
}
