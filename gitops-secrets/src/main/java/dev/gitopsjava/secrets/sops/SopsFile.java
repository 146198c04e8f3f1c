package dev.gitopsjava.secrets.sops;

import java.util.List;
import java.util.Optional;

/**
 * A file as a store reads it: its documents (the {@code sops} entries removed) and the {@code sops}
 * metadata branch of the first document, if any.
 */
record SopsFile(List<TreeBranch> documents, Optional<TreeBranch> metadata) {
  SopsFile {
    documents = List.copyOf(documents);
  }
}
