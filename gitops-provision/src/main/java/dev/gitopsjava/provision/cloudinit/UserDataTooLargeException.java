package dev.gitopsjava.provision.cloudinit;

import dev.gitopsjava.provision.ProvisionException;

/** User data exceeds what a provider accepts; shrink it or move content to a downloaded file. */
public final class UserDataTooLargeException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** {@code limit}, kept in the serialized form. */
  private final UserDataLimit limit;
  /** {@code size}, kept in the serialized form. */
  private final long size;

  /** An exception with a message naming what is at fault. */
  public UserDataTooLargeException(UserDataLimit limit, long size) {
    super("user_data too large for " + limit.provider() + ": " + size + " " + limit.unit()
        + ", limit " + limit.maximum() + " " + limit.unit());
    this.limit = limit;
    this.size = size;
  }

  /** The limit that was exceeded. */

  public UserDataLimit limit() {
    return limit;
  }

  /** The measured size, in {@link UserDataLimit#unit()}. */
  public long size() {
    return size;
  }
}
