package dev.gitopsjava.provision.spi;

/** The attributes of an instance a plan compares; the provider says which change in place. */
public enum InstanceAttribute {
  REGION,
  IMAGE,
  FLAVOR,
  SSH_KEYS,
  USER_DATA,
  LABELS
}
