package dev.gitopsjava.secrets.sops;

import java.util.List;

/** One file format SOPS reads and writes (its "store"). */
interface Store {

  /**
   * Reads a file, encrypted or not. The {@code sops} entry of each document is taken out; the first
   * one is returned as the metadata.
   *
   * @throws SopsFormatException if the input is malformed; the message has no values in it
   */
  SopsFile read(byte[] content);

  /** Writes documents; {@code metadata} is added as the last top-level entry of each one, if given. */
  byte[] write(List<TreeBranch> documents, java.util.Optional<TreeBranch> metadata);
}
