package dev.gitopsjava.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All 143 C2SP CCTV age vectors: each must end in its expected outcome class, and the plaintext
 * released (all of it on success, the verified chunks before a payload failure) must hash to the
 * expected SHA-256. The hybrid ML-KEM-768 + X25519 vectors are included.
 */
class AgeVectorsConformanceTest {

  static Stream<Path> vectors() throws IOException {
    Path dir = Conformance.dir("age-vectors");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = files.filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted().collect(Collectors.toList());
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vectorHasItsExpectedOutcome(Path file) throws IOException {
    AgeVector vector = AgeVector.read(file);
    assertTrue(AgeVector.KNOWN_KEYS.containsAll(vector.fields().keySet()),
        "unknown vector keys in " + vector.fields().keySet());
    AgeVector.Outcome outcome = vector.decrypt();
    assertEquals(vector.expect(), outcome.expect(), vector.name() + ": outcome class");
    if (vector.expect().equals("success") || vector.expect().equals("payload failure")) {
      assertEquals(vector.payloadHash(), outcome.payloadHash(),
          vector.name() + ": SHA-256 of the released plaintext");
    }
  }

  @Test
  void folderHoldsAllVectorsWithTheDocumentedOutcomes() throws IOException {
    Map<String, Integer> byExpect = new TreeMap<>();
    for (Path file : vectors().collect(Collectors.toList())) {
      byExpect.merge(AgeVector.read(file).expect(), 1, Integer::sum);
    }
    assertEquals(Map.of("success", 26, "header failure", 62, "no match", 13, "HMAC failure", 1,
        "payload failure", 19, "armor failure", 22), byExpect);
  }
}
