package dev.gitopsjava.provision.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderException;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * For fuzz tests of a provider's response handling: replies built from fuzzer data (a status, the
 * retry and rate-limit headers, a body), and a run of every provider call, each of which must end
 * in its result or a {@link ProviderException}.
 */
public final class FuzzedReplies {
  private static final int[] STATUSES = {200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 423,
      429, 500, 503};
  private static final String[] HEADERS = {"Retry-After", "RateLimit-Limit",
      "RateLimit-Remaining", "RateLimit-Reset"};

  private FuzzedReplies() {}

  /** A reply: status, the headers each present or not, and the rest of the data as the body. */
  public static Reply reply(FuzzedDataProvider data) {
    Reply reply = Reply.json(data.pickValue(STATUSES), "");
    for (String header : HEADERS) {
      if (data.consumeBoolean()) {
        reply = reply.withHeader(header, printable(data.consumeString(40)));
      }
    }
    return new Reply(reply.status(), reply.headers(), data.consumeRemainingAsString());
  }

  /** Every call of the SPI against whatever the cloud answers; each ends in a typed outcome. */
  public static void callEverything(ComputeProvider provider, String region, String instanceId) {
    Map<String, String> labels = Map.of("gitops.dev/owner", "workers");
    attempt(() -> provider.resolveImage(region, "ubuntu-22.04"));
    attempt(() -> provider.resolveFlavor(region, "m1.small"));
    attempt(() -> provider.create(new CreateRequest("workers-0", region, "img", "flv",
        List.of("ops"), "#cloud-config\n", labels)));
    attempt(() -> provider.get(region, instanceId));
    attempt(() -> provider.list(region, labels));
    attempt(() -> provider.setLabels(region, instanceId, labels));
    attempt(() -> provider.delete(region, instanceId));
    attempt(() -> provider.refresh(ProviderAction.running(instanceId,
        ProviderAction.Kind.CREATE, region, instanceId)));
  }

  private static void attempt(Supplier<?> call) {
    try {
      Object result = call.get();
      if (result == null) {
        throw new AssertionError("a provider call returned null");
      }
    } catch (ProviderException expected) {
      // the typed failure the SPI promises for a bad answer
    }
  }

  /** Header values must be visible ASCII for the JDK's server to send them. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> b.append((char) c));
    return b.toString().strip();
  }
}
