package dev.gitopsjava.core.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the manifests in one YAML or JSON file: several documents separated by {@code ---}, empty
 * documents skipped, {@code List} kinds ({@code v1 List}, {@code ConfigMapList}, …) flattened into
 * their items.
 *
 * <p>All or nothing: a malformed document fails the whole file with an
 * {@link InvalidManifestException} naming the file, line and document index.
 */
public final class ManifestReader {
  private static final ObjectReader READER = YAMLMapper.builder().build().readerFor(JsonNode.class);

  private ManifestReader() {}

  /** Reads the manifests in {@code content}; {@code file} names the source in errors and origins. */
  public static List<Manifest> read(String content, String file) {
    return read(content.getBytes(StandardCharsets.UTF_8), file);
  }

  /** Reads the manifests in {@code content}; {@code file} names the source in errors and origins. */
  public static List<Manifest> read(byte[] content, String file) {
    List<Manifest> out = new ArrayList<>();
    int index = 0;
    // YAML is a superset of JSON, so one parser serves .yaml, .yml and .json files.
    try (MappingIterator<JsonNode> docs = READER.readValues(content)) {
      while (true) {
        JsonNode doc;
        int line = 0;
        try {
          JsonParser p = docs.parser();
          if (p != null && p.currentLocation() != null) {
            line = p.currentLocation().getLineNr();
          }
          if (!docs.hasNextValue()) {
            break;
          }
          doc = docs.nextValue();
        } catch (JacksonException e) {
          int errLine = e.getLocation() == null ? line : e.getLocation().getLineNr();
          throw new InvalidManifestException(file, index, errLine, "malformed YAML: " + e.getOriginalMessage(), e);
        }
        if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
          addDocument(doc, file, index, out);
        }
        index++;
      }
    } catch (JacksonException e) {
      int errLine = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InvalidManifestException(file, index, errLine, "malformed YAML: " + e.getOriginalMessage(), e);
    }
    return Collections.unmodifiableList(out);
  }

  private static void addDocument(JsonNode doc, String file, int index, List<Manifest> out) {
    ManifestOrigin origin = new ManifestOrigin(file, index);
    if (doc.isObject() && isList(doc)) {
      JsonNode items = doc.get("items");
      if (items != null && !items.isNull()) {
        if (!items.isArray()) {
          throw new InvalidManifestException(file, index, 0, doc.get("kind").asString() + ": items must be a list");
        }
        for (JsonNode item : items) {
          out.add(Manifest.of(item, origin));
        }
      }
      return;
    }
    out.add(Manifest.of(doc, origin));
  }

  private static boolean isList(JsonNode doc) {
    JsonNode kind = doc.get("kind");
    JsonNode metadataName = doc.path("metadata").get("name");
    return kind != null && kind.isString() && kind.asString().endsWith("List")
        && doc.has("items") && metadataName == null;
  }
}
