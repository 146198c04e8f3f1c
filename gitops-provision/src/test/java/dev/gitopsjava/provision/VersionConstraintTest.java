package dev.gitopsjava.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionConstraintTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "~> 1.2   | 1.2.0 | true", "~> 1.2   | 1.9.9 | true", "~> 1.2   | 2.0.0 | false",
      "~> 1.2   | 1.1.9 | false", "~> 1.2.3 | 1.2.9 | true", "~> 1.2.3 | 1.3.0 | false",
      "'>= 1.0, < 2.0' | 1.5.0 | true", "'>= 1.0, < 2.0' | 2.0.0 | false",
      "= 1.4.1  | 1.4.1 | true", "1.4.1 | 1.4.2 | false", "!= 1.4.1 | 1.4.2 | true",
      "'' | 9.9.9 | true", "> 1 | 1.0.1 | true", "<= 1.2 | 1.2.0 | true",
      "~> 1.0 | 1.0.0-beta.1 | true"})
  void followsTerraformSemantics(String constraint, String version, boolean allowed) {
    assertEquals(allowed, VersionConstraint.parse(constraint).allows(version));
  }

  @ParameterizedTest
  @CsvSource({"~~ 1", ">= x", "1.2.3.4"})
  void rejectsUnreadableConstraints(String constraint) {
    assertThrows(IllegalArgumentException.class, () -> VersionConstraint.parse(constraint));
  }
}
