package dev.gitopsjava.secrets.age;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * age v1 encryption and decryption (C2SP age), byte-compatible with the {@code age} command line.
 *
 * <pre>{@code
 * AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
 * byte[] sealed = Age.encrypt("hello".getBytes(UTF_8), List.of(keys.recipient()), true);
 * byte[] opened = Age.decrypt(sealed, List.of(keys.identity()));
 *
 * try (OutputStream file = Files.newOutputStream(target);
 *      OutputStream encrypting = Age.encrypt(file, recipients, false)) {
 *   source.transferTo(encrypting);              // constant memory, any size
 * }
 * }</pre>
 *
 * <p>Streams work in 64 KiB chunks, so memory stays constant whatever the size. Decryption
 * releases each chunk only after it authenticates; a damaged later chunk then fails with {@link
 * AgePayloadException}, so a caller must treat output as valid only once the stream reached its
 * end without an exception. The {@code byte[]} forms return nothing unless the whole file is valid.
 */
public final class Age {
  private static final byte[] ARMOR_START = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_LEADING_WHITESPACE = 1024;

  private Age() {}

  /**
   * Starts an age file in {@code out} and returns the stream to write the plaintext to; {@code
   * close()} on it writes the final chunk (and the armor's END line) but leaves {@code out} open.
   *
   * @param recipients one or more; a passphrase recipient must be alone, and post-quantum
   *     recipients cannot be mixed with classic ones (either would weaken the other)
   * @param armor write ASCII armor ({@code -----BEGIN AGE ENCRYPTED FILE-----}) instead of binary
   */
  public static OutputStream encrypt(
      OutputStream out, List<? extends AgeRecipient> recipients, boolean armor)
      throws IOException {
    return encrypt(out, recipients, armor, DefaultRandom.INSTANCE);
  }

  /** As {@link #encrypt(OutputStream, List, boolean)}, drawing keys and nonces from {@code random}. */
  public static OutputStream encrypt(OutputStream out, List<? extends AgeRecipient> recipients,
      boolean armor, SecureRandom random) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(random, "random");
    checkRecipients(recipients);
    byte[] fileKey = new byte[FileKey.SIZE];
    random.nextBytes(fileKey);
    List<Stanza> stanzas = new ArrayList<>(recipients.size());
    for (AgeRecipient recipient : recipients) {
      stanzas.add(recipient.wrap(fileKey, random));
    }
    byte[] macInput = Header.serializeForMac(stanzas);
    byte[] header = Header.serialize(macInput, HeaderMac.compute(fileKey, macInput));
    byte[] nonce = new byte[Stream.NONCE_SIZE];
    random.nextBytes(nonce);
    OutputStream sink = armor ? new ArmorEncodingStream(out) : out;
    sink.write(header);
    sink.write(nonce);
    return new PayloadEncryptingStream(sink, armor, Stream.payloadKey(fileKey, nonce));
  }

  /** Encrypts {@code plaintext} in memory; see {@link #encrypt(OutputStream, List, boolean)}. */
  public static byte[] encrypt(
      byte[] plaintext, List<? extends AgeRecipient> recipients, boolean armor) {
    Objects.requireNonNull(plaintext, "plaintext");
    ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 512);
    try (OutputStream encrypting = encrypt(out, recipients, armor)) {
      encrypting.write(plaintext);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory stream failed", e); // cannot happen
    }
    return out.toByteArray();
  }

  /**
   * Reads the header of the age file in {@code in} (binary or armored, detected by its BEGIN line),
   * opens it with the first identity that matches, verifies the header MAC, and returns the
   * plaintext stream. Closing it closes {@code in}.
   *
   * @throws AgeHeaderException malformed header or a missing payload nonce
   * @throws AgeNoMatchException no identity opens any stanza
   * @throws AgeMacException the header MAC does not verify
   * @throws AgeArmorException malformed armor (also later, from {@code read})
   * @throws IOException reading {@code in} failed
   */
  public static InputStream decrypt(InputStream in, List<? extends AgeIdentity> identities)
      throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(identities, "identities");
    BufferedInputStream buffered = new BufferedInputStream(in, Stream.ENCRYPTED_CHUNK_SIZE);
    InputStream source = isArmored(buffered)
        ? new BufferedInputStream(new ArmorDecodingStream(buffered), Stream.ENCRYPTED_CHUNK_SIZE)
        : buffered;
    Header header = HeaderParser.parse(source);
    // Checked after the header, as the reference does: a malformed file is reported as such.
    if (identities.isEmpty()) {
      throw new IllegalArgumentException("at least one age identity is needed to decrypt");
    }
    byte[] fileKey = unwrap(header, identities);
    if (!HeaderMac.verify(fileKey, header)) {
      throw new AgeMacException("age header MAC does not verify: the header was modified");
    }
    byte[] nonce = source.readNBytes(Stream.NONCE_SIZE);
    if (nonce.length < Stream.NONCE_SIZE) {
      throw new AgeHeaderException("age file ends before its 16-byte payload nonce");
    }
    return new PayloadDecryptingStream(source, Stream.payloadKey(fileKey, nonce));
  }

  /**
   * Decrypts a whole age file (binary or armored) in memory; returns the plaintext only if the
   * entire file is valid.
   */
  public static byte[] decrypt(byte[] ciphertext, List<? extends AgeIdentity> identities) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    try (InputStream plaintext = decrypt(new ByteArrayInputStream(ciphertext), identities)) {
      return plaintext.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory stream failed", e); // cannot happen
    }
  }

  private static void checkRecipients(List<? extends AgeRecipient> recipients) {
    Objects.requireNonNull(recipients, "recipients");
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("at least one age recipient is needed to encrypt");
    }
    boolean postQuantum = false;
    boolean classic = false;
    for (AgeRecipient r : recipients) {
      Objects.requireNonNull(r, "recipient");
      if (r instanceof ScryptRecipient && recipients.size() > 1) {
        throw new IllegalArgumentException("a passphrase recipient must be the only recipient");
      }
      postQuantum |= r instanceof HybridRecipient;
      classic |= r instanceof X25519Recipient;
    }
    if (postQuantum && classic) {
      throw new IllegalArgumentException("post-quantum (age1pq1…) and classic (age1…) recipients"
          + " cannot be mixed: the classic ones would remove the post-quantum protection");
    }
  }

  private static byte[] unwrap(Header header, List<? extends AgeIdentity> identities) {
    List<Stanza> stanzas = header.stanzas();
    for (Stanza s : stanzas) {
      if (s.type().equals(ScryptRecipient.TYPE) && stanzas.size() != 1) {
        throw new AgeHeaderException("malformed age header: an scrypt stanza must be the only one");
      }
    }
    for (AgeIdentity identity : identities) {
      Optional<byte[]> fileKey = Objects.requireNonNull(identity, "identity").unwrap(stanzas);
      if (fileKey.isPresent()) {
        return fileKey.get();
      }
    }
    Set<String> types = new LinkedHashSet<>();
    stanzas.forEach(s -> types.add(s.type()));
    throw new AgeNoMatchException("no identity matched: the file has " + stanzas.size()
        + " recipient stanza(s) of type " + String.join(", ", types) + ", tried "
        + identities.size() + " identity(ies)");
  }

  /** Looks past up to 1024 bytes of whitespace for {@code -----BEGIN}, then rewinds. */
  private static boolean isArmored(BufferedInputStream in) throws IOException {
    in.mark(MAX_LEADING_WHITESPACE + ARMOR_START.length + 1);
    try {
      int b = in.read();
      for (int skipped = 0; isWhitespace(b) && skipped < MAX_LEADING_WHITESPACE; skipped++) {
        b = in.read();
      }
      for (byte expected : ARMOR_START) {
        if (b != expected) {
          return false;
        }
        b = in.read();
      }
      return true;
    } finally {
      in.reset();
    }
  }

  private static boolean isWhitespace(int b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
  }

  /** One SecureRandom for callers that do not bring their own. */
  private static final class DefaultRandom {
    static final SecureRandom INSTANCE = new SecureRandom();
  }
}
