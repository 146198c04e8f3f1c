package dev.gitopsjava.provision.disk;

import dev.gitopsjava.provision.ProvisionException;
import java.nio.file.Path;

/** The probe could not create, write, sync or remove its file in {@link #directory()}. */
public final class DiskProbeException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  private final transient Path directory;

  /** An exception with a message naming what is at fault, and its cause. */
  public DiskProbeException(Path directory, String message, Throwable cause) {
    super("disk probe in " + directory + ": " + message, cause);
    this.directory = directory;
  }

  /** The directory the probe wrote in. */
  public Path directory() {
    return directory;
  }
}
