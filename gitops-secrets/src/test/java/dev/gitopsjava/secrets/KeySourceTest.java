package dev.gitopsjava.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySourceTest {

  @Test
  void fileSourceReadsEachFileInOrder(@TempDir Path dir) throws Exception {
    Path newer = Files.writeString(dir.resolve("new.pem"), "NEW");
    Path older = Files.writeString(dir.resolve("old.pem"), "OLD");
    List<KeyMaterial> keys = KeySource.file(newer, older).keys();
    assertEquals(List.of("NEW", "OLD"), keys.stream().map(KeyMaterial::text).toList());
    assertEquals("file " + newer, keys.get(0).origin());
  }

  @Test
  void missingFileFailsNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.pem");
    KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> KeySource.file(missing).keys());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void environmentSourceReadsTheVariableAndFailsWhenUnset() {
    KeySource set = new EnvironmentKeySource("KEY", Map.of("KEY", "secret-material")::get);
    assertEquals("secret-material", set.keys().get(0).text());
    KeySource unset = new EnvironmentKeySource("KEY", Map.<String, String>of()::get);
    KeyMaterialException e = assertThrows(KeyMaterialException.class, unset::keys);
    assertTrue(e.getMessage().contains("KEY"), e.getMessage());
  }

  @Test
  void materialNeverAppearsInToStringAndCanBeDestroyed() {
    KeyMaterial m = KeyMaterial.of("test", "hunter2".getBytes(StandardCharsets.UTF_8));
    assertFalse(m.toString().contains("hunter2"));
    byte[] copy = m.bytes();
    copy[0] = 'X';
    assertEquals("hunter2", m.text());
    m.destroy();
    assertArrayEquals(new byte[7], m.bytes());
  }

  @Test
  void concatKeepsSourceOrder() {
    KeySource a = KeySource.of("a", KeyMaterial.ofText("a", "1"));
    KeySource b = KeySource.of("b", KeyMaterial.ofText("b", "2"), KeyMaterial.ofText("b", "3"));
    assertEquals(List.of("1", "2", "3"), KeySource.concat(a, b).keys().stream().map(KeyMaterial::text).toList());
    assertEquals("a + b", KeySource.concat(a, b).description());
  }
}
