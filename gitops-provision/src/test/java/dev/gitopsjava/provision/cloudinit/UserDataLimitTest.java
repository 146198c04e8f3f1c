package dev.gitopsjava.provision.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UserDataLimitTest {
  @Test
  void hetznerCountsPlainUtf8BytesUpTo32KiB() {
    assertEquals(32 * 1024, UserDataLimit.HETZNER.check("a".repeat(32 * 1024)).length());
    UserDataTooLargeException e = assertThrows(UserDataTooLargeException.class,
        () -> UserDataLimit.HETZNER.check("a".repeat(32 * 1024 + 1)));
    assertEquals(32 * 1024 + 1, e.size());
    assertTrue(e.getMessage().contains("hetzner"), e.getMessage());
    // A two-byte character counts twice.
    assertEquals(2, UserDataLimit.HETZNER.measure("é"));
  }

  @Test
  void openstackCountsBase64CharactersUpTo65535() {
    for (int raw : new int[] {0, 1, 2, 3, 4, 49_149, 49_150}) {
      String text = "x".repeat(raw);
      assertEquals(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
          .length(), UserDataLimit.OPENSTACK.measure(text), "raw " + raw);
    }
    UserDataLimit.OPENSTACK.check("x".repeat(49_149)); // 65532 base64 characters
    assertThrows(UserDataTooLargeException.class,
        () -> UserDataLimit.OPENSTACK.check("x".repeat(49_150))); // 65536
  }

  @Test
  void kernelPrepFitsEveryProvider() {
    String userData = NodeBootstrap.kubernetesNode().render();
    for (UserDataLimit limit : UserDataLimit.values()) {
      limit.check(userData);
    }
  }
}
