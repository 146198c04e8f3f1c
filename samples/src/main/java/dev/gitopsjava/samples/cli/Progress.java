package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.GitOpsListener;
import java.io.PrintWriter;

/**
 * Progress lines for long operations (clone, sync waves) on stderr, only when a person is watching:
 * on a terminal it prints, piped or redirected it stays quiet, so scripts see only the result.
 */
final class Progress implements GitOpsListener {
  private final PrintWriter err;
  private final boolean enabled;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Progress that prints only when the JVM has a console (stdin and stdout are a terminal). */
  static Progress onTerminal(PrintWriter err) {
    return new Progress(err, System.console() != null);
  }

  /** Prints one step, e.g. "fetching URL at main". */
  void step(String message) {
    if (enabled) {
      err.println("... " + message);
      err.flush();
    }
  }

  /** Sync events, one line each; refreshes and health changes are left to the final report. */
  @Override
  public void onEvent(GitOpsEvent event) {
    switch (event.type()) {
      case SYNC_STARTED, RESOURCE_APPLIED, RESOURCE_PRUNED, RESOURCE_FAILED, SYNC_SUCCEEDED, SYNC_FAILED ->
          step(event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + event.resource().map(r -> " " + r).orElse("")
              + (event.message().isEmpty() ? "" : ": " + event.message()));
      default -> { }
    }
  }
}
