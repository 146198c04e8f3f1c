package dev.gitopsjava.provision.hetzner;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.provision.internal.JsonHttp;
import dev.gitopsjava.provision.spi.ProviderSettings;
import dev.gitopsjava.provision.testing.FakeApi;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import dev.gitopsjava.provision.testing.FuzzedReplies;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Hetzner Cloud answers are untrusted input: whatever status, {@code Retry-After} and {@code
 * RateLimit-*} headers and body the API sends, every provider call ends in its result or a {@code
 * ProviderException}, never another exception. Seeds in {@code HetznerResponseFuzzTestInputs/}.
 */
class HetznerResponseFuzzTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  @FuzzTest(maxDuration = "60s")
  void everyCallEndsInAResultOrAProviderException(FuzzedDataProvider data) throws IOException {
    Reply reply = FuzzedReplies.reply(data);
    try (FakeApi api = new FakeApi()) {
      for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
        api.route(method, ".*", r -> reply);
      }
      HetznerProvider provider = HetznerProvider.configure(new ProviderSettings(
              Map.of("endpoint", api.base() + "/v1", "poll_interval", "PT0S"),
              Map.of("HCLOUD_TOKEN", "fuzz-token")), JsonHttp.defaultClient(), CLOCK);
      FuzzedReplies.callEverything(provider, "fsn1", "42");
    }
  }
}
