package dev.gitopsjava.secrets.sops;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * SOPS's binary store: the whole file is one string under {@code data} in a JSON wrapper. Reading
 * accepts the encrypted wrapper; the decrypted output is the original file.
 */
final class BinaryStore implements Store {

  @Override
  public SopsFile read(byte[] content) {
    SopsFile file = new JsonStore().read(content);
    TreeBranch doc = file.documents().get(0);
    if (!(doc.get("data").orElse(TreeScalar.NULL) instanceof TreeScalar s)
        || s.type() != ScalarType.STR) {
      throw new SopsFormatException("a SOPS binary file must have a string 'data' entry");
    }
    return file;
  }

  @Override
  public byte[] write(List<TreeBranch> documents, Optional<TreeBranch> metadata) {
    if (metadata.isPresent()) {
      return new JsonStore().write(documents, metadata);
    }
    TreeValue data = documents.get(0).get("data").orElse(TreeScalar.str(""));
    if (data instanceof TreeScalar s) {
      return s.type() == ScalarType.BYTES ? s.plaintextBytes() : s.text().getBytes(StandardCharsets.UTF_8);
    }
    throw new SopsFormatException("a SOPS binary file must have a string 'data' entry");
  }
}
