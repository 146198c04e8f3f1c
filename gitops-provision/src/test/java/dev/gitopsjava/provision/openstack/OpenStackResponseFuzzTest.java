package dev.gitopsjava.provision.openstack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.provision.internal.JsonHttp;
import dev.gitopsjava.provision.spi.ProviderSettings;
import dev.gitopsjava.provision.testing.FakeApi;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import dev.gitopsjava.provision.testing.FuzzedReplies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;

/**
 * Keystone, Glance and Nova answers are untrusted input: whatever status, headers and body the
 * cloud sends, every provider call ends in its result or a {@code ProviderException}, never
 * another exception. Keystone answers properly (so Nova and Glance are reached) unless the first
 * fuzzed byte says to fuzz the token response too. Seeds in {@code OpenStackResponseFuzzTestInputs/}.
 */
class OpenStackResponseFuzzTest {
  private static final String SAMPLE = "keystone/admin/auth-password-project-scoped-response.json";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2015-11-07T01:00:00Z"), ZoneOffset.UTC); // the sample's token is valid

  @FuzzTest(maxDuration = "60s")
  void everyCallEndsInAResultOrAProviderException(FuzzedDataProvider data) throws IOException {
    boolean fuzzKeystone = data.consumeBoolean();
    Reply reply = FuzzedReplies.reply(data);
    try (FakeApi api = new FakeApi()) {
      Function<FakeApi.Request, Reply> cloud = r -> reply;
      Function<FakeApi.Request, Reply> keystone = fuzzKeystone ? cloud : r -> token(api);
      api.route("POST", "/identity/v3/auth/tokens", keystone);
      for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
        api.route(method, ".*", cloud);
      }
      OpenStackProvider provider = OpenStackProvider.configure(new ProviderSettings(
              Map.of("auth_url", api.base() + "/identity/v3", "project_name", "admin"),
              Map.of("OS_USERNAME", "admin", "OS_PASSWORD", "fuzz-password")),
          JsonHttp.defaultClient(), CLOCK);
      FuzzedReplies.callEverything(provider, "RegionOne", "9168b536-cd40-4630-b43f-b259807c6e87");
    }
  }

  private static Reply token(FakeApi api) {
    try {
      String text = Files.readString(Conformance.dir("openstack").resolve(SAMPLE))
          .replace("http://23.253.248.171:8774", api.base() + "/compute")
          .replace("http://23.253.248.171:9292", api.base() + "/image");
      return Reply.json(201, text).withHeader("X-Subject-Token", "fuzz-token");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
