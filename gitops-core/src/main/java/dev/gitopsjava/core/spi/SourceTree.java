package dev.gitopsjava.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files of a repository at one commit, as renderers see them.
 *
 * <p>Reads come straight from Git's object database; {@link #checkout()} writes the tree to disk
 * once per commit, for tools such as kustomize that need real files.
 */
public interface SourceTree {

  /** The full commit SHA this tree belongs to. */
  String commit();

  /** The bytes of a file ({@code /}-separated path from the repository root). */
  Optional<byte[]> read(String path);

  /** True when {@code path} is a directory in this tree. */
  boolean isDirectory(String path);

  /**
   * The files under a directory, as paths from the repository root, sorted.
   *
   * @param recursive whether to descend into subdirectories
   */
  List<String> listFiles(String directory, boolean recursive);

  /** A read-only directory on disk holding this commit's whole tree. */
  Path checkout();
}
