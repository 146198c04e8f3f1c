package dev.gitopsjava.secrets.sealed;

import org.jspecify.annotations.Nullable;

/** Set-once options: a second call is a caller bug, reported at once with the option's name. */
final class Once {
  private Once() {}

  static void check(@Nullable Object current, String option) {
    if (current != null) {
      throw new IllegalStateException(option + "(..) was already set");
    }
  }
}
