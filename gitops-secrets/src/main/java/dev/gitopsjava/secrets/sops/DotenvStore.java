package dev.gitopsjava.secrets.sops;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SOPS's dotenv store, read side: {@code KEY=VALUE} lines (values optionally quoted), {@code #}
 * comment lines, metadata as {@code sops_*} keys. Every value is a string at path {@code KEY:}.
 */
final class DotenvStore implements Store {

  @Override
  public SopsFile read(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    TreeBranch doc = new TreeBranch();
    Map<String, String> flat = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        doc.add(new TreeComment(trimmed.substring(1)));
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new SopsFormatException("malformed dotenv line " + (i + 1) + ": expected KEY=VALUE");
      }
      String key = line.substring(0, eq).strip();
      if (key.startsWith("export ")) {
        key = key.substring(7).strip();
      }
      String value = unquote(line.substring(eq + 1));
      if (key.startsWith("sops_")) {
        flat.put(key.substring(5), value);
      } else {
        if (doc.containsKey(key)) {
          throw new SopsFormatException("duplicate dotenv key on line " + (i + 1));
        }
        doc.put(key, TreeScalar.str(value));
      }
    }
    Optional<TreeBranch> metadata = flat.isEmpty() ? Optional.empty() : Optional.of(FlatMetadata.unflatten(flat));
    return new SopsFile(List.of(doc), metadata);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      return v.substring(1, v.length() - 1);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      String s = v.substring(1, v.length() - 1);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          char n = s.charAt(++i);
          b.append(n == 'n' ? '\n' : n);
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
    return v;
  }

  @Override
  public byte[] write(List<TreeBranch> documents, Optional<TreeBranch> metadata) {
    if (metadata.isPresent()) {
      throw new SopsUnsupportedException("writing encrypted dotenv files is not supported");
    }
    StringBuilder out = new StringBuilder();
    for (TreeMember m : documents.get(0).members()) {
      if (m instanceof TreeComment c) {
        out.append('#').append(c.text().replace("\n", "\\n")).append('\n');
      } else {
        TreeEntry e = (TreeEntry) m;
        String v = e.value() instanceof TreeScalar s ? s.text() : "";
        out.append(e.key()).append('=').append(v.replace("\n", "\\n")).append('\n');
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
