/**
 * SOPS-encrypted documents (getsops/sops file format, YAML and JSON stores, age recipients).
 *
 * <p>Entry points: {@link dev.gitopsjava.secrets.sops.Sops} (decrypt, encrypt),
 * {@link dev.gitopsjava.secrets.sops.SopsDocument} (inspect an encrypted file) and
 * {@link dev.gitopsjava.secrets.sops.SopsManifestFilter} (decrypt at render time, as Flux's
 * kustomize-controller does). Everything else in this package is an implementation detail.
 */
@NullMarked
package dev.gitopsjava.secrets.sops;

import org.jspecify.annotations.NullMarked;
