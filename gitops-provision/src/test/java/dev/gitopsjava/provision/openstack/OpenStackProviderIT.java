package dev.gitopsjava.provision.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.cloudinit.NodeBootstrap;
import dev.gitopsjava.provision.internal.JsonHttp;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderException;
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

/** The OpenStack provider against Keystone/Nova/Glance fakes built from the upstream samples. */
class OpenStackProviderIT {
  static final String REGION = FakeOpenStack.REGION;
  static final String SERVERS = "/compute/v2.1/" + FakeOpenStack.PROJECT + "/servers";
  static final Map<String, String> OWNER = Map.of("gitops.dev/owner", "workers",
      "gitops.dev/instance", "workers-0");

  FakeOpenStack cloud;
  ManualClock clock;
  OpenStackProvider provider;

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeOpenStack();
    clock = new ManualClock(Instant.parse("2015-11-07T01:58:43Z")); // the sample's issued_at
    provider = passwordProvider(FakeOpenStack.PASSWORD);
  }

  @AfterEach
  void stop() {
    assertEquals(List.of(), cloud.api.handlerErrors(), "requests matched the documented shapes");
    cloud.close();
  }

  OpenStackProvider passwordProvider(String password) {
    return OpenStackProvider.configure(new ProviderSettings(
        Map.of("auth_url", cloud.authUrl(), "project_name", "admin", "poll_interval", "PT0S"),
        Map.of("OS_USERNAME", "admin", "OS_PASSWORD", password)),
        JsonHttp.defaultClient(), clock);
  }

  CreateRequest request(String name, Map<String, String> labels) {
    return new CreateRequest(name, REGION, "70a599e0-31e7-49b7-b260-868f441e862b", "2",
        List.of("ops"), NodeBootstrap.kubernetesNode().render(), labels);
  }

  ProviderAction await(ProviderAction action) {
    for (int i = 0; i < 20 && !action.done(); i++) {
      action = provider.refresh(action);
    }
    return action;
  }

  static void assertNoSecrets(Throwable e) {
    String m = String.valueOf(e.getMessage());
    assertFalse(m.contains(FakeOpenStack.PASSWORD), m);
    assertFalse(m.contains(FakeOpenStack.APP_CRED_SECRET), m);
    assertFalse(m.contains("token-"), m);
  }

  @Test
  void resolvesFlavorAndImageByName() {
    assertEquals("2", provider.resolveFlavor(REGION, "m1.small"));
    assertEquals("1bea47ed-f6a9-463b-b423-14b9cca9ad27",
        provider.resolveImage(REGION, "cirros-0.3.2-x86_64-disk"));
    PermanentProviderException noFlavor = assertThrows(PermanentProviderException.class,
        () -> provider.resolveFlavor(REGION, "nvme.8cpu.32gb"));
    assertTrue(noFlavor.getMessage().contains("nvme.8cpu.32gb"), noFlavor.getMessage());
    assertTrue(noFlavor.getMessage().contains("m1.tiny"), "lists what exists");
    assertThrows(PermanentProviderException.class,
        () -> provider.resolveImage(REGION, "ubuntu-22.04"));
    PermanentProviderException badRegion = assertThrows(PermanentProviderException.class,
        () -> provider.resolveFlavor("no-oslo-1", "m1.small"));
    assertTrue(badRegion.getMessage().contains("no-oslo-1"), badRegion.getMessage());
    assertEquals("active", cloud.api.requests("GET", "/image/v2/images").get(0).param("status"));
  }

  @Test
  void tokenIsCachedUntilShortlyBeforeExpiry() {
    cloud.expiresAt = "2015-11-07T02:58:43.578887Z"; // issued + 1 h
    provider.resolveFlavor(REGION, "m1.small");
    provider.resolveFlavor(REGION, "m1.tiny");
    clock.advance(Duration.ofMinutes(50));
    provider.resolveFlavor(REGION, "m1.small");
    assertEquals(1, cloud.api.requests("POST", "/identity/v3/auth/tokens").size());
    clock.advance(Duration.ofMinutes(9)); // 1 min before expiry: inside the renewal margin
    provider.resolveFlavor(REGION, "m1.small");
    assertEquals(2, cloud.api.requests("POST", "/identity/v3/auth/tokens").size());
  }

  @Test
  void rejectedTokenIsRenewedOnceTransparently() {
    provider.resolveFlavor(REGION, "m1.small");
    cloud.tokens++; // the cloud revoked the token the provider holds
    assertEquals("2", provider.resolveFlavor(REGION, "m1.small"));
    assertEquals(2, cloud.api.requests("POST", "/identity/v3/auth/tokens").size());
  }

  @Test
  void applicationCredentialAuthenticatesWithoutScope() {
    OpenStackProvider appCred = OpenStackProvider.configure(new ProviderSettings(
        Map.of("auth_url", cloud.authUrl()),
        Map.of("OS_APPLICATION_CREDENTIAL_ID", "423f19a4ac1e4f48bbb4180756e6eb6c",
            "OS_APPLICATION_CREDENTIAL_SECRET", FakeOpenStack.APP_CRED_SECRET)),
        JsonHttp.defaultClient(), clock);
    assertEquals("2", appCred.resolveFlavor(REGION, "m1.small"));
    var auth = cloud.api.requests("POST", "/identity/v3/auth/tokens").get(0).body();
    assertFalse(auth.path("auth").has("scope"));
    assertEquals("application_credential",
        auth.path("auth").path("identity").path("methods").path(0).asString());
  }

  @Test
  void wrongPasswordIsPermanentAndNeverEchoed() {
    OpenStackProvider wrong = passwordProvider("hunter2-wrong");
    PermanentProviderException e = assertThrows(PermanentProviderException.class,
        () -> wrong.resolveFlavor(REGION, "m1.small"));
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertTrue(e.getMessage().contains("POST /identity/v3/auth/tokens"), e.getMessage());
  }

  @Test
  void missingCredentialNamesTheVariable() {
    PermanentProviderException e = assertThrows(PermanentProviderException.class,
        () -> OpenStackProvider.configure(new ProviderSettings(Map.of("auth_url", "http://x"),
            Map.of("OS_USERNAME", "admin")), JsonHttp.defaultClient(), clock));
    assertTrue(e.getMessage().contains("OS_PASSWORD"), e.getMessage());
    assertThrows(PermanentProviderException.class,
        () -> new OpenStackProvider().resolveFlavor(REGION, "m1.small"));
  }

  @Test
  void createSendsDocumentedBodyAndPollsBuildToActive() {
    cloud.buildPolls = 2;
    CreateRequest req = request("workers-0", OWNER);
    ProviderAction action = provider.create(req);
    assertEquals(ProviderAction.Status.RUNNING, action.status());
    assertEquals(ProviderAction.Kind.CREATE, action.kind());
    FakeOpenStack.Server server = cloud.live().get(0);
    assertEquals(server.id, action.instanceId());
    assertEquals(req.userData(), server.userData, "user_data travels base64-encoded");
    assertEquals("ops", server.keyName);
    assertEquals(OWNER, server.metadata);
    assertEquals("auto",
        cloud.api.requests("POST", SERVERS).get(0).body().path("server").path("networks")
            .asString());

    action = provider.refresh(action);
    assertEquals(ProviderAction.Status.RUNNING, action.status(), "still BUILD");
    assertEquals(ProviderInstance.Status.BUILDING,
        provider.get(REGION, server.id).orElseThrow().status());
    action = await(action);
    assertEquals(ProviderAction.Status.SUCCEEDED, action.status());

    ProviderInstance instance = provider.get(REGION, server.id).orElseThrow();
    assertEquals("workers-0", instance.name());
    assertEquals(ProviderInstance.Status.ACTIVE, instance.status());
    assertEquals("70a599e0-31e7-49b7-b260-868f441e862b", instance.imageId());
    assertEquals("2", instance.flavorId());
    assertEquals(OWNER, instance.labels());
    assertEquals(List.of("192.168.1.30"), instance.addresses());
  }

  @Test
  void buildErrorFailsTheActionWithNovasFault() {
    cloud.nextBuildFails = true;
    ProviderAction action = await(provider.create(request("workers-0", OWNER)));
    assertEquals(ProviderAction.Status.FAILED, action.status());
    assertTrue(action.error().orElseThrow().contains("No valid host was found."),
        action.error().toString());
    assertEquals(ProviderInstance.Status.ERROR,
        provider.get(REGION, action.instanceId()).orElseThrow().status());
  }

  @Test
  void listFiltersByOwnershipMetadataAcrossPages() {
    for (int i = 0; i < 5; i++) {
      Map<String, String> labels = Map.of("gitops.dev/owner", i % 2 == 0 ? "workers" : "other",
          "gitops.dev/instance", "n-" + i);
      provider.create(request("n-" + i, labels));
    }
    List<ProviderInstance> mine = provider.list(REGION, Map.of("gitops.dev/owner", "workers"));
    assertEquals(List.of("n-0", "n-2", "n-4"), mine.stream().map(ProviderInstance::name).toList());
    assertEquals(5, provider.list(REGION, Map.of()).size());
    assertEquals(3, cloud.api.requests("GET", SERVERS + "/detail").size() / 2, "3 pages per list");
  }

  @Test
  void setLabelsReplacesMetadata() {
    ProviderAction created = provider.create(request("workers-0", OWNER));
    ProviderAction update = provider.setLabels(REGION, created.instanceId(),
        Map.of("gitops.dev/owner", "workers", "tier", "gold"));
    assertEquals(ProviderAction.Status.SUCCEEDED, update.status());
    assertEquals(Map.of("gitops.dev/owner", "workers", "tier", "gold"),
        cloud.live().get(0).metadata);
  }

  @Test
  void deletePollsUntilGoneAndIsIdempotent() {
    String id = await(provider.create(request("workers-0", OWNER))).instanceId();
    ProviderAction delete = provider.delete(REGION, id);
    assertEquals(ProviderAction.Status.RUNNING, delete.status());
    assertEquals(ProviderAction.Status.SUCCEEDED, await(delete).status());
    assertEquals(Optional.empty(), provider.get(REGION, id));
    assertEquals(ProviderAction.Status.SUCCEEDED, provider.delete(REGION, id).status(),
        "deleting a missing server is done at once");
  }

  @Test
  void lostCreateResponseIsFoundByOwnershipLabelsSoNoDuplicate() {
    cloud.api.loseNextResponse("POST", SERVERS);
    CreateRequest req = request("workers-0", OWNER);
    TransientProviderException lost = assertThrows(TransientProviderException.class,
        () -> provider.create(req));
    assertTrue(lost.getMessage().contains("outcome is unknown"), lost.getMessage());
    assertNoSecrets(lost);
    assertEquals(1, cloud.live().size(), "the cloud did create it");

    // What the engine does before creating again: look by ownership labels (Nova names are not
    // unique, so a blind retry would make a second server).
    List<ProviderInstance> found = provider.list(REGION, OWNER);
    assertEquals(1, found.size());
    assertEquals("workers-0", found.get(0).name());
    assertEquals(ProviderAction.Status.SUCCEEDED, await(ProviderAction.running(found.get(0).id(),
        ProviderAction.Kind.CREATE, REGION, found.get(0).id())).status());
    assertEquals(1, cloud.live().size(), "no duplicate");
    assertEquals(1, cloud.api.requests("POST", SERVERS).size());
  }

  @Test
  void errorsMapToTheSpiKinds() {
    provider.resolveFlavor(REGION, "m1.small"); // authenticate first
    cloud.api.failNext("POST", SERVERS, Reply.json(429,
        "{\"overLimit\":{\"code\":429,\"message\":\"Over limit\"}}").withHeader("Retry-After", "7"));
    RateLimitedException limited = assertThrows(RateLimitedException.class,
        () -> provider.create(request("a", OWNER)));
    assertEquals(Optional.of(Duration.ofSeconds(7)), limited.retryAfter());
    assertTrue(limited.retryable());

    cloud.api.failNext("POST", SERVERS, Reply.json(429, "{}")
        .withHeader("Retry-After", "Sat, 07 Nov 2015 02:00:13 GMT"));
    assertEquals(Optional.of(Duration.ofSeconds(90)), assertThrows(RateLimitedException.class,
        () -> provider.create(request("a", OWNER))).retryAfter(), "HTTP-date form");

    cloud.api.failNext("POST", SERVERS, Reply.json(409,
        "{\"conflict\":{\"code\":409,\"message\":\"Cannot 'create' while instance is locked\"}}"));
    TransientProviderException conflict = assertThrows(TransientProviderException.class,
        () -> provider.create(request("a", OWNER)));
    assertTrue(conflict.getMessage().contains("locked"), conflict.getMessage());

    cloud.api.failNext("POST", SERVERS, Reply.json(503, ""));
    assertInstanceOf(TransientProviderException.class,
        assertThrows(ProviderException.class, () -> provider.create(request("a", OWNER))));

    cloud.api.failNext("POST", SERVERS, Reply.json(400,
        "{\"badRequest\":{\"code\":400,\"message\":\"Invalid flavorRef provided.\"}}"));
    PermanentProviderException bad = assertThrows(PermanentProviderException.class,
        () -> provider.create(request("a", OWNER)));
    assertTrue(bad.getMessage().contains("Invalid flavorRef provided."), bad.getMessage());
    assertTrue(bad.getMessage().contains("POST " + SERVERS), bad.getMessage());
    for (Throwable t : List.of(limited, conflict, bad)) {
      assertNoSecrets(t);
    }
    assertEquals(0, cloud.live().size());
  }

  @Test
  void oneKeyNameAndNovasUserDataLimitAreCheckedBeforeSending() {
    CreateRequest twoKeys = new CreateRequest("a", REGION, "img", "2", List.of("k1", "k2"),
        "#cloud-config\n", Map.of());
    assertTrue(assertThrows(PermanentProviderException.class, () -> provider.create(twoKeys))
        .getMessage().contains("ssh_authorized_keys"));
    CreateRequest huge = new CreateRequest("a", REGION, "img", "2", List.of(),
        "#cloud-config\n" + "#".repeat(49_150), Map.of());
    assertTrue(assertThrows(PermanentProviderException.class, () -> provider.create(huge))
        .getMessage().contains("65535"));
    assertEquals(0, cloud.api.requests("POST", SERVERS).size());
    assertEquals(49_149, provider.maxUserDataBytes());
  }
}
