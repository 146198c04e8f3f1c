package dev.gitopsjava.provision.internal;

import dev.gitopsjava.provision.spi.PermanentProviderException;
import tools.jackson.databind.JsonNode;

/**
 * An ID field of a cloud's JSON answer (Hetzner's numbers, OpenStack's UUID strings) as text. A
 * cloud's answer is untrusted input: an ID that is missing, an object or a list is a {@link
 * PermanentProviderException} naming the field, never a Jackson exception. Not API.
 */
public final class ResponseId {
  private ResponseId() {}

  /**
   * The text of {@code node}, a string or a number.
   *
   * @param field where the node is in the answer, for the message ({@code images[].id})
   * @throws PermanentProviderException naming the provider, request and field otherwise
   */
  public static String read(String provider, String request, String field, JsonNode node) {
    if (node.isString() || node.isIntegralNumber()) {
      return node.asString();
    }
    throw new PermanentProviderException(provider, request + ": field " + field
        + (node.isMissingNode() || node.isNull() ? " is missing" : " is not a string or an integer")
        + " in the response");
  }
}
