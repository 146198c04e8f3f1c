package dev.gitopsjava.secrets.age;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * age's ASCII armor on its own: PEM type {@code AGE ENCRYPTED FILE}, padded base64 in 64-column
 * lines. {@link Age#encrypt(OutputStream, java.util.List, boolean)} and {@link
 * Age#decrypt(InputStream, java.util.List)} already apply it; use this class to armor or dearmor an
 * existing binary age file.
 */
public final class AgeArmor {
  private AgeArmor() {}

  /**
   * A stream that armors what is written to it into {@code out}. {@code close()} writes the END
   * line and flushes, but leaves {@code out} open.
   */
  public static OutputStream armor(OutputStream out) throws IOException {
    return new ArmorEncodingStream(Objects.requireNonNull(out, "out"));
  }

  /**
   * A stream of the binary age file inside armored {@code in}, checked strictly as it is read;
   * malformed armor raises {@link AgeArmorException} from {@code read}.
   */
  public static InputStream dearmor(InputStream in) {
    return new ArmorDecodingStream(Objects.requireNonNull(in, "in"));
  }
}
