package dev.gitopsjava.provision.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PyYAML's YAML 1.1 scalar typing, value by value. */
class Yaml11SchemaTest {
  @Test
  void integersInEveryYaml11Form() {
    assertEquals(420, Yaml11Schema.integer("0644"));
    assertEquals(5, Yaml11Schema.integer("0b101"));
    assertEquals(-31, Yaml11Schema.integer("-0x1F"));
    assertEquals(90, Yaml11Schema.integer("1:30"));
    assertEquals(12345, Yaml11Schema.integer("12_345"));
    assertEquals(0, Yaml11Schema.integer("0"));
    assertEquals(10_000_000_000L, Yaml11Schema.integer("10000000000"));
    assertEquals(new BigInteger("100000000000000000000"),
        Yaml11Schema.integer("100000000000000000000"));
    assertEquals("0x_", Yaml11Schema.integer("0x_"), "no digits: kept as text");
  }

  @Test
  void floats() {
    assertEquals(90.5, Yaml11Schema.decimal("1:30.5"));
    assertEquals(Double.NEGATIVE_INFINITY, Yaml11Schema.decimal("-.inf"));
    assertEquals(1000.0, Yaml11Schema.decimal("1.0e+3"));
  }

  @Test
  void documentTyping() {
    var tree = CloudConfigYaml.read("a: [yes, No, on, OFF, ~, '', 1e3, 1.0e+3, 0o17, 017, "
        + "\"0644\", y, n]\n");
    assertEquals(List.of("true", "false", "true", "false", "null", "\"\"", "\"1e3\"", "1000.0",
        "\"0o17\"", "15", "\"0644\"", "\"y\"", "\"n\""),
        tree.get("a").valueStream().map(Object::toString).toList());
  }
}
