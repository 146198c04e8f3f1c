package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.MalformedInputException;
import dev.gitopsjava.secrets.NoMatchingKeyException;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.SecretOpener;
import dev.gitopsjava.secrets.age.AgeException;
import dev.gitopsjava.secrets.age.AgeIdentity;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sops} {@link SecretOpener} for {@link java.util.ServiceLoader}: decrypts a
 * SOPS-encrypted manifest with the age identity files in the key source.
 */
public final class SopsSecretOpener implements SecretOpener {

  /** For {@link java.util.ServiceLoader}. */
  public SopsSecretOpener() {}

  @Override
  public String format() {
    return SopsSecretSealer.FORMAT;
  }

  @Override
  public boolean canOpen(Manifest manifest) {
    return SopsManifests.isEncrypted(manifest);
  }

  @Override
  public Manifest open(Manifest sealed, KeySource keys) {
    if (!canOpen(sealed)) {
      throw new MalformedInputException(sealed.key().toString(), "not SOPS-encrypted (no sops.mac)");
    }
    List<AgeIdentity> identities = new ArrayList<>();
    for (KeyMaterial k : keys.keys()) {
      try {
        identities.addAll(AgeIdentity.parseIdentities(k.text(), k.origin()));
      } catch (AgeException e) {
        throw new SopsKeyException("invalid age identity in " + k.origin() + ": " + e.getMessage(), e);
      }
    }
    try {
      return SopsManifests.decrypt(sealed, identities);
    } catch (SopsKeyException e) {
      throw new NoMatchingKeyException(sealed.key().toString(), "sops data key", e.getMessage());
    } catch (SopsFormatException e) {
      throw new MalformedInputException(sealed.key().toString(), e.getMessage(), e);
    }
  }
}
