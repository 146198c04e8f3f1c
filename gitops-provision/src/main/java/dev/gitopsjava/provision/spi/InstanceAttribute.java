package dev.gitopsjava.provision.spi;

/** The attributes of an instance a plan compares; the provider says which change in place. */
public enum InstanceAttribute {
  /** The region or location. */
  REGION,
  /** The image. */
  IMAGE,
  /** The flavor or server type. */
  FLAVOR,
  /** The SSH keys. */
  SSH_KEYS,
  /** The user data. */
  USER_DATA,
  /** The labels. */
  LABELS
}
