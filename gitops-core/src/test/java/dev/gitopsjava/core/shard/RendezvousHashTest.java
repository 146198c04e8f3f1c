package dev.gitopsjava.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RendezvousHashTest {
  private static final List<String> THREE = List.of("replica-1", "replica-2", "replica-3");

  private static Map<String, String> assign(List<String> members, int apps) {
    Map<String, String> owners = new HashMap<>();
    for (int i = 0; i < apps; i++) {
      owners.put("app-" + i, RendezvousHash.owner("app-" + i, members).orElseThrow());
    }
    return owners;
  }

  @Test
  void aMemberLeavingMovesOnlyItsOwnApplications() {
    Map<String, String> before = assign(THREE, 1000);
    Map<String, String> after = assign(List.of("replica-1", "replica-3"), 1000);
    before.forEach((app, owner) -> {
      if (!owner.equals("replica-2")) {
        assertEquals(owner, after.get(app), app + " moved although its owner stayed");
      }
    });
  }

  @Test
  void aMemberJoiningTakesApplicationsOnlyForItself() {
    Map<String, String> before = assign(THREE, 1000);
    Map<String, String> after = assign(List.of("replica-1", "replica-2", "replica-3", "replica-4"), 1000);
    before.forEach((app, owner) -> assertTrue(after.get(app).equals(owner) || after.get(app).equals("replica-4"),
        app + " moved from " + owner + " to " + after.get(app)));
  }

  @Test
  void applicationsSpreadEvenlyAndIndependentlyOfMemberOrder() {
    Map<String, String> owners = assign(THREE, 3000);
    for (String m : THREE) {
      long n = owners.values().stream().filter(m::equals).count();
      assertTrue(n > 800 && n < 1200, m + " owns " + n + " of 3000");
    }
    assertEquals(owners, assign(List.of("replica-3", "replica-1", "replica-2"), 3000));
    assertEquals(Optional.empty(), RendezvousHash.owner("app", List.of()));
  }
}
