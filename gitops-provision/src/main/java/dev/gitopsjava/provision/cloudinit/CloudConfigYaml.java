package dev.gitopsjava.provision.cloudinit;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * How cloud-config documents are read and written.
 *
 * <p>cloud-init reads YAML 1.1 (PyYAML), where plain {@code 0644} is the octal int 420,
 * {@code yes}/{@code on} are booleans and {@code 12:30} is the int 750. Reading therefore uses
 * snakeyaml-engine with {@link Yaml11Schema}, so a document is typed here as cloud-init will type
 * it; writing uses Jackson with every string quoted (no {@code MINIMIZE_QUOTES}), so a string we
 * write is a string for cloud-init too.
 */
final class CloudConfigYaml {
  static final YAMLMapper MAPPER = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .disable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
      .build();

  private static final LoadSettings SETTINGS = LoadSettings.builder()
      .setSchema(new Yaml11Schema())
      .setLabel("cloud-config")
      .setMaxAliasesForCollections(50)
      .setCodePointLimit(1024 * 1024)
      .build();

  private CloudConfigYaml() {}

  /**
   * The first YAML document of {@code text} as a tree, typed as YAML 1.1.
   *
   * @throws org.snakeyaml.engine.v2.exceptions.YamlEngineException when it is not valid YAML
   */
  static JsonNode read(String text) {
    return tree(new Load(SETTINGS).loadFromString(text));
  }

  private static JsonNode tree(@Nullable Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode o = f.objectNode();
      map.forEach((k, v) -> o.set(String.valueOf(k), tree(v)));
      return o;
    } else if (value instanceof List<?> list) {
      ArrayNode a = f.arrayNode();
      list.forEach(v -> a.add(tree(v)));
      return a;
    } else if (value instanceof String s) {
      return f.stringNode(s);
    } else if (value instanceof Boolean b) {
      return f.booleanNode(b);
    } else if (value instanceof Integer i) {
      return f.numberNode(i);
    } else if (value instanceof Long l) {
      return f.numberNode(l);
    } else if (value instanceof BigInteger n) {
      return f.numberNode(n);
    } else if (value instanceof Double d) {
      return f.numberNode(d);
    } else if (value instanceof byte[] bytes) {
      return f.binaryNode(bytes);
    } else if (value instanceof java.util.Set<?> set) {
      ArrayNode a = f.arrayNode();
      set.forEach(v -> a.add(tree(v)));
      return a;
    }
    return f.stringNode(String.valueOf(value));
  }
}
