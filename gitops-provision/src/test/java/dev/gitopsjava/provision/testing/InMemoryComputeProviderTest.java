package dev.gitopsjava.provision.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.spi.RateLimitedException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryComputeProviderTest {

  private final InMemoryComputeProvider cloud = new InMemoryComputeProvider()
      .image("no-oslo-1", "ubuntu-22.04", "img-1")
      .flavor("no-oslo-1", "nvme.8cpu.32gb", "fl-8");

  private CreateRequest request(String name) {
    return new CreateRequest(name, "no-oslo-1", "img-1", "fl-8", List.of("ops"), "#cloud-config\n",
        Map.of("owner", "workers"));
  }

  @Test
  void actionRunsForTheConfiguredPollsThenTheInstanceIsActive() {
    cloud.pollsPerAction(2);
    ProviderAction a = cloud.create(request("workers-0"));
    assertEquals(ProviderAction.Status.RUNNING, a.status());
    assertEquals(ProviderInstance.Status.BUILDING, cloud.instances().get(0).status());
    assertEquals(ProviderAction.Status.RUNNING, cloud.refresh(a).status());
    assertEquals(ProviderAction.Status.SUCCEEDED, cloud.refresh(a).status());
    assertEquals(ProviderInstance.Status.ACTIVE,
        cloud.get("no-oslo-1", a.instanceId()).orElseThrow().status());
  }

  @Test
  void readingABuildingInstanceAlsoMovesItsActionAlong() {
    cloud.pollsPerAction(2);
    ProviderAction a = cloud.create(request("workers-0"));
    assertEquals(ProviderInstance.Status.BUILDING,
        cloud.get("no-oslo-1", a.instanceId()).orElseThrow().status());
    assertEquals(ProviderInstance.Status.ACTIVE,
        cloud.get("no-oslo-1", a.instanceId()).orElseThrow().status());
  }

  @Test
  void lostCreateResponseStillCreatesTheInstance() {
    cloud.loseNextCreateResponse();
    assertThrows(TransientProviderException.class, () -> cloud.create(request("workers-0")));
    assertEquals(1, cloud.list("no-oslo-1", Map.of("owner", "workers")).size());
    assertThrows(PermanentProviderException.class, () -> cloud.create(request("workers-0")));
  }

  @Test
  void scriptedFaultIsThrownOnceThenCallsSucceed() {
    cloud.failNext(InMemoryComputeProvider.Call.CREATE,
        new RateLimitedException("inmemory", "429", Optional.of(Duration.ofSeconds(3))));
    RateLimitedException e =
        assertThrows(RateLimitedException.class, () -> cloud.create(request("workers-0")));
    assertEquals(Optional.of(Duration.ofSeconds(3)), e.retryAfter());
    assertTrue(cloud.instances().isEmpty());
    cloud.create(request("workers-0"));
    assertEquals(2, cloud.calls(InMemoryComputeProvider.Call.CREATE));
  }

  @Test
  void deleteOfMissingInstanceSucceeds() {
    assertTrue(cloud.delete("no-oslo-1", "srv-404").done());
  }

  @Test
  void failedCreateActionLeavesInstanceInError() {
    cloud.failNextCreateAction();
    ProviderAction a = cloud.create(request("workers-0"));
    assertEquals(ProviderAction.Status.FAILED, a.status());
    assertEquals(ProviderInstance.Status.ERROR, cloud.instances().get(0).status());
  }
}
