package dev.gitopsjava.secrets.age;

import java.util.List;

/**
 * One recipient stanza of the header: {@code -> type arg…} and a base64 body. Only this package
 * sees the body (a wrapped file key), so the array is shared, never copied out.
 */
record Stanza(String type, List<String> args, byte[] body) {
  Stanza {
    args = List.copyOf(args);
  }

  @Override
  public String toString() {
    return "Stanza[" + type + ", " + args.size() + " args, " + body.length + " body bytes]";
  }
}
