package dev.gitopsjava.provision.cloudinit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * How much user data a provider accepts, measured the way that provider measures it.
 *
 * <p>Sources: Hetzner Cloud's create-server request documents {@code user_data} as a plain string
 * "limited to 32 KiB"; Nova's server schema puts {@code maxLength: 65535} on the base64-encoded
 * string (about 48 KiB raw).
 */
public enum UserDataLimit {
  /** Hetzner Cloud: 32 KiB of the plain (UTF-8) text. */
  HETZNER("hetzner", 32 * 1024, "bytes"),
  /** OpenStack Nova: 65535 characters of the base64 encoding. */
  OPENSTACK("openstack", 65_535, "base64 characters");

  private final String provider;
  private final long maximum;
  private final String unit;

  UserDataLimit(String provider, long maximum, String unit) {
    this.provider = provider;
    this.maximum = maximum;
    this.unit = unit;
  }

  /** The provider whose limit this is. */
  public String provider() {
    return provider;
  }

  /** The largest accepted {@link #measure(String) size}. */
  public long maximum() {
    return maximum;
  }

  /** What the limit counts: bytes of the raw or the base64-encoded user data. */
  public String unit() {
    return unit;
  }

  /** The size of {@code userData} as this provider counts it. */
  public long measure(String userData) {
    requireNonNull(userData, "userData");
    long bytes = userData.getBytes(StandardCharsets.UTF_8).length;
    return this == OPENSTACK ? 4 * ((bytes + 2) / 3) : bytes;
  }

  /** Returns {@code userData} unchanged, or throws if the provider would refuse it. */
  public String check(String userData) {
    long size = measure(userData);
    if (size > maximum) {
      throw new UserDataTooLargeException(this, size);
    }
    return userData;
  }
}
