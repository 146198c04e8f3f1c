package dev.gitopsjava.secrets;

/**
 * None of the given keys opens a sealed item: the wrong key, a wrong scope or moved resource
 * (Sealed Secrets), or tampered ciphertext (authenticated encryption cannot tell these apart).
 * The message names the resource and the item, never a value.
 */
public class NoMatchingKeyException extends SealingException {
  private static final long serialVersionUID = 1L;

  /** {@code resource}, kept in the serialized form. */
  private final String resource;
  /** {@code item}, kept in the serialized form. */
  private final String item;

  /** An exception with a message naming what is at fault. */
  public NoMatchingKeyException(String resource, String item, String problem) {
    super(resource + ": item '" + item + "': " + problem);
    this.resource = resource;
    this.item = item;
  }

  /** The sealed resource or file, e.g. {@code SealedSecret demo-ns/demo-secret}. */
  public String resource() {
    return resource;
  }

  /** The item (key, path) that no key opened. */
  public String item() {
    return item;
  }
}
