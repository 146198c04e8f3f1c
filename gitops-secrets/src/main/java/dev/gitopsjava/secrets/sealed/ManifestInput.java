package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.model.InvalidManifestException;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.secrets.MalformedInputException;
import tools.jackson.core.JacksonException;

/**
 * Parses a manifest that may hold plaintext, reporting errors by line only: a parser's message can
 * quote the offending text, which for a Secret is the secret itself.
 */
final class ManifestInput {
  private ManifestInput() {}

  static Manifest parse(String yaml, ManifestOrigin origin, String expected) {
    try {
      return Manifest.parse(yaml, origin);
    } catch (InvalidManifestException e) {
      if (e.getCause() == null) {
        // A structural problem (missing kind, name): the message names fields, not values.
        throw new MalformedInputException(origin.file(), "not a usable " + expected + " manifest: " + e.getMessage());
      }
      throw new MalformedInputException(origin.file(), "malformed YAML in " + expected + " manifest"
          + (e.line() > 0 ? " (line " + e.line() + ")" : ""));
    } catch (GitOpsException | JacksonException e) {
      throw new MalformedInputException(origin.file(), "not a readable " + expected + " manifest");
    }
  }
}
