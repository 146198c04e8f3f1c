package dev.gitopsjava.secrets.sops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SOPS's INI store, read side: sections of {@code key = value} lines, {@code ;} or {@code #}
 * comments, metadata in a flattened {@code [sops]} section. Values are strings at path
 * {@code section:key:}; comments belong to the section that follows them.
 */
final class IniStore implements Store {

  @Override
  public SopsFile read(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    TreeBranch doc = new TreeBranch();
    Map<String, String> flat = new LinkedHashMap<>();
    TreeBranch section = null;
    boolean inSops = false;
    List<TreeComment> pending = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith(";") || line.startsWith("#")) {
        pending.add(new TreeComment(line.substring(1)));
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new SopsFormatException("malformed INI section header on line " + (i + 1));
        }
        String name = line.substring(1, line.length() - 1).strip();
        inSops = name.equals("sops");
        if (inSops) {
          section = null;
          pending.clear();
          continue;
        }
        if (doc.containsKey(name)) {
          throw new SopsFormatException("duplicate INI section on line " + (i + 1));
        }
        section = new TreeBranch();
        pending.forEach(section::add);
        pending.clear();
        doc.put(name, section);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new SopsFormatException("malformed INI line " + (i + 1) + ": expected key = value");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (inSops) {
        flat.put(key, value);
        continue;
      }
      if (section == null) {
        section = new TreeBranch();
        doc.put("DEFAULT", section);
      }
      pending.forEach(section::add);
      pending.clear();
      if (section.containsKey(key)) {
        throw new SopsFormatException("duplicate INI key on line " + (i + 1));
      }
      section.put(key, TreeScalar.str(value));
    }
    Optional<TreeBranch> metadata = flat.isEmpty() ? Optional.empty() : Optional.of(FlatMetadata.unflatten(flat));
    return new SopsFile(List.of(doc), metadata);
  }

  @Override
  public byte[] write(List<TreeBranch> documents, Optional<TreeBranch> metadata) {
    if (metadata.isPresent()) {
      throw new SopsUnsupportedException("writing encrypted INI files is not supported");
    }
    StringBuilder out = new StringBuilder();
    for (TreeMember m : documents.get(0).members()) {
      if (m instanceof TreeComment c) {
        out.append(';').append(c.text().replace("\n", " ")).append('\n');
        continue;
      }
      TreeEntry e = (TreeEntry) m;
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append('[').append(e.key()).append("]\n");
      if (e.value() instanceof TreeBranch b) {
        for (TreeMember sm : b.members()) {
          if (sm instanceof TreeComment c) {
            out.append(';').append(c.text().replace("\n", " ")).append('\n');
          } else {
            TreeEntry kv = (TreeEntry) sm;
            String v = kv.value() instanceof TreeScalar s ? s.text() : "";
            out.append(kv.key()).append(" = ").append(v.replace("\n", "\\n")).append('\n');
          }
        }
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
