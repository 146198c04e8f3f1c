package dev.gitopsjava.provision.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.cloudinit.NodeBootstrap;
import dev.gitopsjava.provision.internal.JsonHttp;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.spi.ProviderSettings;
import dev.gitopsjava.provision.spi.RateLimitedException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import dev.gitopsjava.provision.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Hetzner provider against a fake built from the Cloud API spec's examples. */
class HetznerProviderIT {
  static final String LOCATION = "fsn1";
  static final Map<String, String> OWNER = Map.of("gitops.dev/owner", "workers",
      "gitops.dev/instance", "workers-0");

  FakeHetzner cloud;
  ManualClock clock;
  HetznerProvider provider;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeHetzner();
    clock = new ManualClock(Instant.ofEpochSecond(cloud.resetEpoch - 3600));
    provider = HetznerProvider.configure(new ProviderSettings(
        Map.of("endpoint", cloud.endpoint(), "poll_interval", "PT0S"),
        Map.of("HCLOUD_TOKEN", FakeHetzner.TOKEN)), JsonHttp.defaultClient(), clock);
  }

  @AfterEach
  void stop() {
    assertEquals(List.of(), cloud.api.handlerErrors(), "requests matched the documented shapes");
    cloud.close();
  }

  CreateRequest request(String name, Map<String, String> labels) {
    return new CreateRequest(name, LOCATION, "4711", "1", List.of("ops-key"),
        NodeBootstrap.kubernetesNode().render(), labels);
  }

  ProviderAction await(ProviderAction action) {
    for (int i = 0; i < 20 && !action.done(); i++) {
      action = provider.refresh(action);
    }
    return action;
  }

  static void assertNoToken(Throwable e) {
    assertFalse(String.valueOf(e.getMessage()).contains(FakeHetzner.TOKEN), e.getMessage());
  }

  @Test
  void resolvesServerTypeInLocationAndImageByName() {
    assertEquals("1", provider.resolveFlavor(LOCATION, "cx22"));
    assertEquals("4711", provider.resolveImage(LOCATION, "ubuntu-24.04"));
    assertTrue(assertThrows(PermanentProviderException.class,
        () -> provider.resolveFlavor("hel1", "cx22")).getMessage().contains("hel1"));
    assertTrue(assertThrows(PermanentProviderException.class,
        () -> provider.resolveFlavor(LOCATION, "cx99")).getMessage().contains("cx99"));
    assertThrows(PermanentProviderException.class,
        () -> provider.resolveImage(LOCATION, "ubuntu-22.04"));
    assertEquals("x86", cloud.api.requests("GET", "/v1/images").get(0).param("architecture"));
  }

  @Test
  void createSendsDocumentedBodyAndWaitsForCreateAndStartActions() {
    ProviderAction action = provider.create(request("workers-0", OWNER));
    FakeHetzner.Server server = cloud.live().get(0);
    assertEquals(Long.toString(server.id), action.instanceId());
    assertEquals(ProviderAction.Status.RUNNING, action.status());
    assertEquals(2, action.id().split(",").length, "create_server and start_server");
    assertEquals(NodeBootstrap.kubernetesNode().render(), server.userData,
        "user_data is sent as plain text");
    assertEquals(List.of("ops-key"), server.sshKeys);
    assertEquals(OWNER, server.labels);
    assertEquals("fsn1", server.location);
    assertEquals("1", server.serverType);
    assertEquals("4711", server.image);

    assertEquals(ProviderInstance.Status.BUILDING,
        provider.get(LOCATION, action.instanceId()).orElseThrow().status());
    ProviderAction done = await(action);
    assertEquals(ProviderAction.Status.SUCCEEDED, done.status());
    ProviderInstance instance = provider.get(LOCATION, action.instanceId()).orElseThrow();
    assertEquals(ProviderInstance.Status.ACTIVE, instance.status());
    assertEquals("workers-0", instance.name());
    assertEquals(OWNER, instance.labels());
    assertEquals("fsn1", instance.region());
    assertEquals("1", instance.flavorId());
    assertEquals("4711", instance.imageId());
    assertEquals("1.2.3.4", instance.addresses().get(0), "public IPv4 first");
    assertEquals(List.of("id"), List.copyOf(cloud.api.requests("GET", "/v1/actions").get(0)
        .query().keySet()));
  }

  @Test
  void failedActionFailsTheCreate() {
    cloud.nextCreateActionFails = true;
    ProviderAction done = await(provider.create(request("workers-0", OWNER)));
    assertEquals(ProviderAction.Status.FAILED, done.status());
    assertTrue(done.error().orElseThrow().contains("create_server"), done.error().toString());
    assertTrue(done.error().orElseThrow().contains("action_failed"), done.error().toString());
  }

  @Test
  void exampleActionsWithErrorFilledButRunningAreNotFailures() {
    // The spec's examples fill "error" on running/successful actions; only status counts.
    var example = cloud.sample("examples/create_server.201.json");
    ProviderAction a = HetznerActions.combine(List.of(example.path("action"),
        example.path("next_actions").get(0)), ProviderAction.Kind.CREATE, LOCATION, "42");
    assertEquals(ProviderAction.Status.RUNNING, a.status());
    assertEquals("1,13", a.id());
    ProviderAction finished = HetznerActions.combine(
        List.of(cloud.sample("hcloud-go-schema/action.json")), ProviderAction.Kind.CREATE,
        LOCATION, "42");
    assertEquals(ProviderAction.Status.SUCCEEDED, finished.status());
  }

  @Test
  void listUsesLabelSelectorAndFollowsPages() {
    cloud.pageSize = 2;
    for (int i = 0; i < 5; i++) {
      provider.create(request("n-" + i, Map.of("gitops.dev/owner",
          i % 2 == 0 ? "workers" : "other", "gitops.dev/instance", "n-" + i)));
    }
    List<ProviderInstance> mine = provider.list(LOCATION, Map.of("gitops.dev/owner", "workers"));
    assertEquals(List.of("n-0", "n-2", "n-4"), mine.stream().map(ProviderInstance::name).toList());
    var listCalls = cloud.api.requests("GET", "/v1/servers");
    assertEquals("gitops.dev/owner==workers", listCalls.get(0).param("label_selector"));
    assertEquals(List.of("1", "2"), listCalls.stream().map(r -> r.param("page")).toList());
    assertEquals(List.of(), provider.list("hel1", Map.of("gitops.dev/owner", "workers")),
        "other locations are filtered out");
  }

  @Test
  void setLabelsAndDelete() {
    String id = await(provider.create(request("workers-0", OWNER))).instanceId();
    assertEquals(ProviderAction.Status.SUCCEEDED,
        provider.setLabels(LOCATION, id, Map.of("gitops.dev/owner", "workers")).status());
    assertEquals(Map.of("gitops.dev/owner", "workers"), cloud.live().get(0).labels);

    ProviderAction delete = provider.delete(LOCATION, id);
    assertEquals(ProviderAction.Kind.DELETE, delete.kind());
    assertEquals(ProviderInstance.Status.DELETING,
        provider.get(LOCATION, id).orElseThrow().status());
    assertEquals(ProviderAction.Status.SUCCEEDED, await(delete).status());
    assertEquals(Optional.empty(), provider.get(LOCATION, id));
    assertEquals(ProviderAction.Status.SUCCEEDED, provider.delete(LOCATION, id).status());
  }

  @Test
  void lostCreateResponseIsFoundByNameAndLabelsSoNoDuplicate() {
    cloud.api.loseNextResponse("POST", "/v1/servers");
    CreateRequest req = request("workers-0", OWNER);
    TransientProviderException lost = assertThrows(TransientProviderException.class,
        () -> provider.create(req));
    assertTrue(lost.getMessage().contains("outcome is unknown"), lost.getMessage());
    assertNoToken(lost);
    assertEquals(1, cloud.live().size(), "the cloud did create it");

    // The engine looks before creating again.
    List<ProviderInstance> found = provider.list(LOCATION, OWNER);
    assertEquals(List.of("workers-0"), found.stream().map(ProviderInstance::name).toList());
    assertEquals(1, cloud.live().size());
    assertEquals(1, cloud.api.requests("POST", "/v1/servers").size());

    // And a blind retry would not duplicate either: names are unique per project.
    PermanentProviderException dup = assertThrows(PermanentProviderException.class,
        () -> provider.create(req));
    assertTrue(dup.getMessage().contains("uniqueness_error"), dup.getMessage());
    assertEquals(1, cloud.live().size());
  }

  @Test
  void rateLimitWaitComesFromRetryAfterOrRateLimitHeaders() {
    cloud.api.failNext("POST", "/v1/servers", Reply.json(429,
        cloud.sampleText("errors/hcloud-python/rate_limit_exceeded.json"))
        .withHeader("Retry-After", "3"));
    RateLimitedException withHeader = assertThrows(RateLimitedException.class,
        () -> provider.create(request("a", OWNER)));
    assertEquals(Optional.of(Duration.ofSeconds(3)), withHeader.retryAfter());
    assertTrue(withHeader.getMessage().contains("limit of 3600 requests per hour reached"),
        withHeader.getMessage());

    // No Retry-After (Hetzner documents none): empty allowance, full again in an hour at
    // 3600/h, so one request is one second away.
    cloud.remaining = 0;
    cloud.api.failNext("POST", "/v1/servers", Reply.json(429,
        cloud.sampleText("errors/hcloud-go/429-rate_limit_exceeded.json")));
    RateLimitedException derived = assertThrows(RateLimitedException.class,
        () -> provider.create(request("a", OWNER)));
    assertEquals(Optional.of(Duration.ofSeconds(1)), derived.retryAfter());
    assertEquals(new RateLimit(3600, 0, Instant.ofEpochSecond(cloud.resetEpoch)),
        provider.lastRateLimit().orElseThrow());
    assertEquals(0, cloud.live().size());
  }

  @Test
  void errorCodesMapToTheSpiKinds() {
    Map<String, Class<?>> expected = Map.of(
        "409-conflict", TransientProviderException.class,
        "423-locked", TransientProviderException.class,
        "502-bad_gateway", TransientProviderException.class,
        "503-unavailable", TransientProviderException.class,
        "504-timeout", TransientProviderException.class);
    expected.forEach((file, kind) -> {
      int status = Integer.parseInt(file.substring(0, 3));
      cloud.api.failNext("POST", "/v1/servers",
          Reply.json(status, cloud.sampleText("errors/hcloud-go/" + file + ".json")));
      Exception e = assertThrows(RuntimeException.class, () -> provider.create(request("a",
          OWNER)));
      assertEquals(kind, e.getClass(), file + ": " + e.getMessage());
      assertTrue(e.getMessage().contains(file.substring(4)), e.getMessage());
    });
    cloud.api.failNext("POST", "/v1/servers",
        Reply.json(422, cloud.sampleText("errors/hetzner-docs/invalid_input.json")));
    PermanentProviderException invalid = assertThrows(PermanentProviderException.class,
        () -> provider.create(request("a", OWNER)));
    assertTrue(invalid.getMessage().contains("invalid_input"), invalid.getMessage());
    cloud.api.failNext("POST", "/v1/servers",
        Reply.json(403, cloud.sampleText("errors/hetzner-docs/resource_limit_exceeded.json")));
    assertThrows(PermanentProviderException.class, () -> provider.create(request("a", OWNER)));
    assertEquals(0, cloud.live().size());
  }

  @Test
  void wrongTokenIsPermanentAndNeverEchoed() {
    HetznerProvider wrong = HetznerProvider.configure(new ProviderSettings(
        Map.of("endpoint", cloud.endpoint()), Map.of("HCLOUD_TOKEN", "not-the-token")),
        JsonHttp.defaultClient(), clock);
    PermanentProviderException e = assertThrows(PermanentProviderException.class,
        () -> wrong.list(LOCATION, Map.of()));
    assertTrue(e.getMessage().contains("unauthorized"), e.getMessage());
    assertFalse(e.getMessage().contains("not-the-token"), e.getMessage());
    assertTrue(assertThrows(PermanentProviderException.class, () -> HetznerProvider.configure(
        new ProviderSettings(Map.of(), Map.of()), JsonHttp.defaultClient(), clock))
        .getMessage().contains("HCLOUD_TOKEN"));
  }

  @Test
  void userDataOver32KiBIsRefusedBeforeSending() {
    CreateRequest huge = new CreateRequest("a", LOCATION, "4711", "1", List.of(),
        "#cloud-config\n" + "#".repeat(32 * 1024), Map.of());
    assertTrue(assertThrows(PermanentProviderException.class, () -> provider.create(huge))
        .getMessage().contains("32768"));
    assertEquals(0, cloud.api.requests("POST", "/v1/servers").size());
  }
}
