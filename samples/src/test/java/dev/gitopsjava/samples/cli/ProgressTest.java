package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.model.ResourceKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static GitOpsEvent event(GitOpsEvent.Type type) {
    return new GitOpsEvent(type, "app", "abc", Instant.EPOCH, "", Optional.of(ResourceKey.of("v1", "ConfigMap", "ns", "c")));
  }

  @Test
  void printsSyncStepsWhenSomeoneIsWatching() {
    StringWriter err = new StringWriter();
    Progress progress = new Progress(new PrintWriter(err), true);
    progress.step("fetching repo");
    progress.onEvent(event(GitOpsEvent.Type.RESOURCE_APPLIED));
    progress.onEvent(event(GitOpsEvent.Type.REFRESHED));
    String[] lines = err.toString().split("\n");
    assertEquals(2, lines.length, err.toString());
    assertTrue(lines[1].contains("resource applied") && lines[1].contains("ConfigMap"), lines[1]);
  }

  @Test
  void staysQuietWhenPiped() {
    StringWriter err = new StringWriter();
    Progress progress = new Progress(new PrintWriter(err), false);
    progress.step("fetching repo");
    progress.onEvent(event(GitOpsEvent.Type.RESOURCE_APPLIED));
    assertEquals("", err.toString());
  }
}
