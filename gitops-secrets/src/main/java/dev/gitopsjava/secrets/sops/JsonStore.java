package dev.gitopsjava.secrets.sops;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SOPS's JSON store: one top-level object, key order kept, numbers typed as SOPS 3.13.2 does
 * (integers that fit in 64 bits are {@code int}, other numbers {@code float}). Output is indented
 * with tabs, like SOPS's.
 */
final class JsonStore implements Store {
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  @Override
  public SopsFile read(byte[] content) {
    JsonNode node;
    try {
      node = JSON.readTree(content);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new SopsFormatException("malformed JSON (line " + line + "): " + describe(e), e);
    }
    return fromTree(node);
  }

  /** Reads an already parsed JSON (or YAML) tree, as the manifest filter has it. */
  static SopsFile fromTree(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new SopsFormatException("a JSON document must be an object");
    }
    TreeBranch root = (TreeBranch) convert(node, 0);
    Optional<TreeBranch> metadata = Optional.empty();
    Optional<TreeValue> sops = root.remove("sops");
    if (sops.isPresent()) {
      if (!(sops.get() instanceof TreeBranch b)) {
        throw new SopsFormatException("the sops metadata must be an object");
      }
      metadata = Optional.of(b);
    }
    return new SopsFile(List.of(root), metadata);
  }

  private static String describe(JacksonException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    // Jackson may quote a token from the input; keep only the text before the first quote.
    int q = m.indexOf('\'');
    String s = q > 0 ? m.substring(0, q).trim() : m;
    s = s.split("\n")[0];
    return s.length() > 120 ? s.substring(0, 120) : s;
  }

  private static TreeValue convert(JsonNode n, int depth) {
    if (depth > 1000) {
      throw new SopsFormatException("JSON nested too deeply");
    }
    if (n.isObject()) {
      TreeBranch b = new TreeBranch();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        b.put(e.getKey(), convert(e.getValue(), depth + 1));
      }
      return b;
    }
    if (n.isArray()) {
      TreeList l = new TreeList();
      for (JsonNode item : n) {
        l.add(convert(item, depth + 1));
      }
      return l;
    }
    if (n.isString()) {
      return TreeScalar.str(n.asString());
    }
    if (n.isBoolean()) {
      return TreeScalar.bool(n.booleanValue());
    }
    if (n.isNull() || n.isMissingNode()) {
      return TreeScalar.NULL;
    }
    if (n.isIntegralNumber()) {
      BigInteger v = n.bigIntegerValue();
      if (v.bitLength() <= 63) {
        return new TreeScalar(ScalarType.INT, v.toString());
      }
      return new TreeScalar(ScalarType.FLOAT, GoNumbers.formatFloat(finite(v.doubleValue())));
    }
    if (n.isNumber()) {
      return new TreeScalar(ScalarType.FLOAT, GoNumbers.formatFloat(finite(n.doubleValue())));
    }
    if (n.isBinary()) {
      return new TreeScalar(ScalarType.BYTES,
          new String(n.binaryValue(), StandardCharsets.ISO_8859_1));
    }
    return TreeScalar.str(n.asString());
  }

  /** As Go's JSON decoder: a number beyond float64's range is an error, not an infinity. */
  private static double finite(double d) {
    if (Double.isInfinite(d) || Double.isNaN(d)) {
      throw new SopsFormatException("a JSON number is out of range for a 64-bit float");
    }
    return d;
  }

  @Override
  public byte[] write(List<TreeBranch> documents, Optional<TreeBranch> metadata) {
    if (documents.size() != 1) {
      throw new SopsFormatException("a JSON file holds exactly one document, got " + documents.size());
    }
    TreeBranch doc = documents.get(0);
    if (metadata.isPresent()) {
      doc = doc.copy();
      doc.put("sops", metadata.get());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("\t", "\n"))
        .withArrayIndenter(new DefaultIndenter("\t", "\n"));
    try (JsonGenerator g = JSON.writer().with(pretty).createGenerator(out)) {
      write(doc, g);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** The Jackson tree of a document, for the manifest filter (comments dropped). */
  static JsonNode toJsonNode(TreeValue v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v instanceof TreeBranch b) {
      ObjectNode o = f.objectNode();
      for (TreeMember m : b.members()) {
        if (m instanceof TreeEntry e) {
          o.set(e.key(), toJsonNode(e.value()));
        }
      }
      return o;
    }
    if (v instanceof TreeList l) {
      ArrayNode a = f.arrayNode();
      for (TreeValue item : l.items()) {
        if (!(item instanceof TreeComment)) {
          a.add(toJsonNode(item));
        }
      }
      return a;
    }
    TreeScalar s = (TreeScalar) v;
    switch (s.type()) {
      case NULL:
        return f.nullNode();
      case BOOL:
        return f.booleanNode(s.text().equals("True"));
      case INT:
        return f.numberNode(Long.parseLong(s.text()));
      case FLOAT:
        return GoNumbers.parseFloat(s.text()).isPresent()
            ? f.numberNode(GoNumbers.parseFloat(s.text()).getAsDouble()) : f.stringNode(s.text());
      case BYTES:
        return f.binaryNode(s.plaintextBytes());
      default:
        return f.stringNode(s.text());
    }
  }

  private static void write(TreeValue v, JsonGenerator g) {
    if (v instanceof TreeBranch b) {
      g.writeStartObject();
      for (TreeMember m : b.members()) {
        if (m instanceof TreeEntry e) {
          g.writeName(e.key());
          write(e.value(), g);
        }
      }
      g.writeEndObject();
    } else if (v instanceof TreeList l) {
      g.writeStartArray();
      for (TreeValue item : l.items()) {
        if (!(item instanceof TreeComment)) {
          write(item, g);
        }
      }
      g.writeEndArray();
    } else if (v instanceof TreeScalar s) {
      switch (s.type()) {
        case NULL:
          g.writeNull();
          break;
        case BOOL:
          g.writeBoolean(s.text().equals("True"));
          break;
        case INT:
          g.writeNumber(s.text());
          break;
        case FLOAT:
          if (s.text().equals("NaN") || s.text().endsWith("Inf")) {
            // JSON has no NaN or infinities: keep the value readable rather than fail.
            g.writeString(s.text());
          } else {
            g.writeNumber(s.text().contains(".") ? s.text() : s.text() + ".0");
          }
          break;
        case BYTES:
          g.writeBinary(s.plaintextBytes());
          break;
        default:
          g.writeString(s.text());
      }
    }
  }
}
