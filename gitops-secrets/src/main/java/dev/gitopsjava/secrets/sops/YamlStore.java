package dev.gitopsjava.secrets.sops;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.api.lowlevel.Present;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CommentEvent;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ImplicitTuple;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.events.StreamStartEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;

/**
 * SOPS's YAML store on snakeyaml-engine's event API, so comments and key order survive.
 *
 * <p>Comments become items of the mapping or sequence they belong to, decided like go-yaml does it:
 * by their column. A comment indented to a nested mapping's keys belongs to that mapping even when
 * the parser only sees it just before the next, less indented key. That matters because a comment's
 * encryption is bound to its enclosing path.
 */
final class YamlStore implements Store {
  private static final String TAG_PREFIX = "tag:yaml.org,2002:";
  /**
   * Bound on nodes (alias expansion included), against "billion laughs" inputs: proportional to
   * the input, so memory stays linear in the input size.
   */
  private static final int MIN_NODE_BUDGET = 10_000;
  private static final int NODES_PER_INPUT_CHAR = 8;
  private static final int MAX_DEPTH = 512;

  @Override
  public SopsFile read(byte[] content) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw new SopsFormatException("YAML input is not valid UTF-8");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    LoadSettings settings = LoadSettings.builder()
        .setParseComments(true)
        .setCodePointLimit(Math.max(text.length() + 1, 1024))
        .build();
    Reader reader = new Reader(MIN_NODE_BUDGET + (long) NODES_PER_INPUT_CHAR * text.length());
    try {
      for (Event e : new Parse(settings).parseString(text)) {
        reader.accept(e);
      }
    } catch (YamlEngineException e) {
      throw new SopsFormatException("malformed YAML: " + firstLine(e.getMessage()), e);
    } catch (StackOverflowError e) {
      throw new SopsFormatException("malformed YAML: nested too deeply");
    } catch (RuntimeException e) {
      if (e instanceof SopsFormatException) {
        throw e;
      }
      throw new SopsFormatException("malformed YAML: " + e.getClass().getSimpleName(), e);
    }
    return reader.result();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    // snakeyaml quotes the offending line in later lines; keep only the description and position.
    String[] lines = message.split("\n");
    StringBuilder b = new StringBuilder(lines[0].trim());
    for (String l : lines) {
      if (l.trim().startsWith("in ")) {
        b.append(' ').append(l.trim().replaceAll("\\s+", " "));
        break;
      }
    }
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  private abstract static class Frame {
    final int column;
    final Optional<String> anchor;

    Frame(int column, Optional<String> anchor) {
      this.column = column;
      this.anchor = anchor;
    }

    /** Comments seen while a child collection is still open: they follow that child. */
    final List<TreeComment> afterChild = new ArrayList<>();

    abstract TreeValue value();

    abstract void addComment(TreeComment c, int column);
  }

  private static final class MapFrame extends Frame {
    final TreeBranch branch = new TreeBranch();
    final Set<String> keys = new HashSet<>();
    String pendingKey;
    final List<TreeComment> commentsBeforeValue = new ArrayList<>();
    final List<Integer> commentColumns = new ArrayList<>();

    MapFrame(int column, Optional<String> anchor) {
      super(column, anchor);
    }

    @Override
    TreeValue value() {
      return branch;
    }

    @Override
    void addComment(TreeComment c, int col) {
      if (pendingKey != null) {
        commentsBeforeValue.add(c);
        commentColumns.add(col);
      } else {
        branch.add(c);
      }
    }
  }

  private static final class SeqFrame extends Frame {
    final TreeList list = new TreeList();
    final boolean indentless;

    SeqFrame(int column, Optional<String> anchor, boolean indentless) {
      super(column, anchor);
      this.indentless = indentless;
    }

    @Override
    TreeValue value() {
      return list;
    }

    @Override
    void addComment(TreeComment c, int col) {
      list.add(c);
    }
  }

  private static final class Reader {
    private final List<TreeBranch> documents = new ArrayList<>();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, TreeValue> anchors = new HashMap<>();
    private final List<TreeComment> beforeRoot = new ArrayList<>();
    private TreeBranch lastRoot;
    private Optional<TreeBranch> metadata = Optional.empty();
    private boolean inDocument;
    private boolean documentHasRoot;
    private long nodes;
    private final long maxNodes;

    Reader(long maxNodes) {
      this.maxNodes = maxNodes;
    }

    void accept(Event e) {
      if (e instanceof StreamStartEvent || e instanceof StreamEndEvent) {
        return;
      }
      if (e instanceof DocumentStartEvent) {
        inDocument = true;
        documentHasRoot = false;
        anchors.clear();
        return;
      }
      if (e instanceof DocumentEndEvent) {
        inDocument = false;
        return;
      }
      if (e instanceof CommentEvent c) {
        comment(c);
        return;
      }
      count(1);
      if (e instanceof MappingStartEvent m) {
        start(new MapFrame(column(e), m.getAnchor().map(a -> a.getValue())), e);
      } else if (e instanceof SequenceStartEvent s) {
        int col = column(e);
        boolean indentless = stack.peek() instanceof MapFrame parent && parent.column == col;
        start(new SeqFrame(col, s.getAnchor().map(a -> a.getValue()), indentless), e);
      } else if (e instanceof MappingEndEvent || e instanceof SequenceEndEvent) {
        Frame f = stack.pop();
        f.anchor.ifPresent(a -> anchors.put(a, f.value()));
        completeValue(f.value(), e);
      } else if (e instanceof ScalarEvent s) {
        scalar(s);
      } else if (e instanceof AliasEvent a) {
        String name = a.getAlias().getValue();
        TreeValue target = anchors.get(name);
        if (target == null) {
          throw new SopsFormatException("malformed YAML: unknown alias *" + ValueCipher.printable(name)
              + at(e));
        }
        count(size(target));
        completeValue(target.copy(), e);
      }
    }

    private void start(Frame f, Event e) {
      if (stack.isEmpty()) {
        if (!(f instanceof MapFrame)) {
          throw new SopsFormatException("YAML documents must be mappings; found a sequence" + at(e));
        }
        if (documentHasRoot) {
          throw new SopsFormatException("malformed YAML: more than one root node" + at(e));
        }
        documentHasRoot = true;
        for (TreeComment c : beforeRoot) {
          ((MapFrame) f).branch.add(c);
        }
        beforeRoot.clear();
        stack.push(f);
        return;
      }
      if (stack.size() >= MAX_DEPTH) {
        throw new SopsFormatException("YAML nested deeper than " + MAX_DEPTH + " levels" + at(e));
      }
      Frame parent = stack.peek();
      if (parent instanceof MapFrame pm && pm.pendingKey == null) {
        throw new SopsFormatException("mapping keys must be strings; found a "
            + (f instanceof MapFrame ? "mapping" : "sequence") + " key" + at(e));
      }
      if (parent instanceof MapFrame pm) {
        // Comments between a key and its nested collection belong inside when indented deeper.
        List<TreeComment> outer = new ArrayList<>();
        for (int i = 0; i < pm.commentsBeforeValue.size(); i++) {
          if (pm.commentColumns.get(i) > pm.column) {
            f.addComment(pm.commentsBeforeValue.get(i), pm.commentColumns.get(i));
          } else {
            outer.add(pm.commentsBeforeValue.get(i));
          }
        }
        pm.commentsBeforeValue.clear();
        pm.commentColumns.clear();
        pm.commentsBeforeValue.addAll(outer);
        for (int i = 0; i < outer.size(); i++) {
          pm.commentColumns.add(0);
        }
      }
      stack.push(f);
    }

    private void scalar(ScalarEvent s) {
      Frame parent = stack.peek();
      if (parent == null) {
        // A scalar document: only an empty one (a lone "---" or nothing) is allowed.
        TreeScalar v = typed(s);
        if (v.type() != ScalarType.NULL) {
          throw new SopsFormatException("YAML documents must be mappings; found a scalar" + at(s));
        }
        documentHasRoot = true;
        return;
      }
      if (parent instanceof MapFrame m && m.pendingKey == null) {
        TreeScalar k = typed(s);
        if (k.type() != ScalarType.STR) {
          throw new SopsFormatException("mapping keys must be strings; found a " + k.type().tag()
              + " key" + at(s));
        }
        if (!m.keys.add(k.text())) {
          throw new SopsFormatException("duplicate mapping key '" + ValueCipher.printable(k.text())
              + "'" + at(s));
        }
        m.pendingKey = k.text();
        s.getAnchor().ifPresent(a -> anchors.put(a.getValue(), k));
        return;
      }
      TreeScalar v = typed(s);
      s.getAnchor().ifPresent(a -> anchors.put(a.getValue(), v));
      completeValue(v, s);
    }

    private void completeValue(TreeValue v, Event e) {
      Frame parent = stack.peek();
      if (parent == null) {
        TreeBranch root = (TreeBranch) v;
        Optional<TreeValue> sops = root.remove("sops");
        if (sops.isPresent()) {
          if (!(sops.get() instanceof TreeBranch b)) {
            throw new SopsFormatException("the sops metadata must be a mapping" + at(e));
          }
          if (metadata.isEmpty()) {
            metadata = Optional.of(b);
          }
        }
        documents.add(root);
        lastRoot = root;
        return;
      }
      if (parent instanceof MapFrame m) {
        if (m.pendingKey == null) {
          if (v instanceof TreeScalar sv && sv.type() == ScalarType.STR) {
            // An alias used as a key.
            m.pendingKey = sv.text();
            if (!m.keys.add(sv.text())) {
              throw new SopsFormatException("duplicate mapping key" + at(e));
            }
            return;
          }
          throw new SopsFormatException("mapping keys must be strings" + at(e));
        }
        for (TreeComment c : m.commentsBeforeValue) {
          m.branch.add(c);
        }
        m.commentsBeforeValue.clear();
        m.commentColumns.clear();
        m.branch.put(m.pendingKey, v);
        m.pendingKey = null;
      } else {
        ((SeqFrame) parent).list.add(v);
      }
      parent.afterChild.forEach(c -> parent.addComment(c, 0));
      parent.afterChild.clear();
    }

    private void comment(CommentEvent c) {
      if (c.getCommentType() == CommentType.BLANK_LINE) {
        return;
      }
      TreeComment comment = new TreeComment(c.getValue());
      count(1);
      if (stack.isEmpty()) {
        // After a root (in its document, or before the next "---"): a foot comment of that root.
        if (lastRoot != null && (!inDocument || documentHasRoot)) {
          lastRoot.add(comment);
        } else {
          beforeRoot.add(comment);
        }
        return;
      }
      int col = column(c);
      if (c.getCommentType() == CommentType.IN_LINE) {
        stack.peek().addComment(comment, Integer.MAX_VALUE);
        return;
      }
      Frame owner = null;
      Frame previous = null;
      for (java.util.Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
        Frame f = it.next();
        boolean indentlessTie = f instanceof SeqFrame s && s.indentless && previous != null
            && previous.column == f.column;
        if (f.column <= col && !indentlessTie) {
          owner = f;
        }
        previous = f;
      }
      if (owner == null) {
        owner = stack.peekLast();
      }
      if (owner != stack.peek()) {
        owner.afterChild.add(comment);
      } else {
        owner.addComment(comment, col);
      }
    }

    private static TreeScalar typed(ScalarEvent s) {
      String value = s.getValue();
      ImplicitTuple implicit = s.getImplicit();
      Optional<String> tag = s.getTag();
      if (s.isPlain() && (implicit.canOmitTagInPlainScalar() || tag.isEmpty())) {
        return GoYamlScalars.resolvePlain(value);
      }
      if (tag.isEmpty() || tag.get().equals("!") || implicit.canOmitTagInNonPlainScalar()) {
        return TreeScalar.str(value);
      }
      String t = tag.get().startsWith(TAG_PREFIX) ? tag.get().substring(TAG_PREFIX.length()) : tag.get();
      switch (t) {
        case "str":
        case "timestamp":
          return TreeScalar.str(value);
        case "null":
          return TreeScalar.NULL;
        case "bool": {
          TreeScalar r = GoYamlScalars.resolvePlain(value);
          if (r.type() != ScalarType.BOOL) {
            throw new SopsFormatException("a !!bool value is not a boolean" + at(s));
          }
          return r;
        }
        case "int":
        case "float": {
          TreeScalar r = GoYamlScalars.resolvePlain(value.isEmpty() ? "x" : value);
          if (r.type() != ScalarType.INT && r.type() != ScalarType.FLOAT) {
            throw new SopsFormatException("a !!" + t + " value is not a number" + at(s));
          }
          return t.equals("float") && r.type() == ScalarType.INT
              ? new TreeScalar(ScalarType.FLOAT, r.text()) : r;
        }
        case "binary": {
          byte[] bytes;
          try {
            bytes = Base64.getMimeDecoder().decode(value);
          } catch (IllegalArgumentException e) {
            throw new SopsFormatException("a !!binary value is not base64" + at(s));
          }
          try {
            return TreeScalar.str(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString());
          } catch (CharacterCodingException e) {
            return new TreeScalar(ScalarType.BYTES, new String(bytes, StandardCharsets.ISO_8859_1));
          }
        }
        default:
          return TreeScalar.str(value);
      }
    }

    private void count(long n) {
      nodes += n;
      if (nodes > maxNodes) {
        throw new SopsFormatException("YAML expands to more than " + maxNodes
            + " nodes (aliases?)");
      }
    }

    private static long size(TreeValue v) {
      if (v instanceof TreeBranch b) {
        long n = 1;
        for (TreeMember m : b.members()) {
          n += m instanceof TreeEntry e ? size(e.value()) : 1;
        }
        return n;
      }
      if (v instanceof TreeList l) {
        long n = 1;
        for (TreeValue i : l.items()) {
          n += size(i);
        }
        return n;
      }
      return 1;
    }

    private static int column(Event e) {
      return e.getStartMark().map(m -> m.getColumn()).orElse(0);
    }

    private static String at(Event e) {
      return e.getStartMark().map(m -> " (line " + (m.getLine() + 1) + ")").orElse("");
    }

    SopsFile result() {
      if (!stack.isEmpty()) {
        throw new SopsFormatException("malformed YAML: unexpected end of input");
      }
      if (!beforeRoot.isEmpty() && lastRoot != null) {
        beforeRoot.forEach(lastRoot::add);
      }
      return new SopsFile(documents, metadata);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  @Override
  public byte[] write(List<TreeBranch> documents, Optional<TreeBranch> metadata) {
    List<Event> events = new ArrayList<>();
    events.add(new StreamStartEvent());
    boolean first = true;
    for (TreeBranch doc : documents) {
      events.add(new DocumentStartEvent(!first, Optional.empty(), Map.of()));
      TreeBranch out = doc;
      if (metadata.isPresent()) {
        out = doc.copy();
        out.put("sops", metadata.get());
      }
      branch(out, events);
      events.add(new DocumentEndEvent(false));
      first = false;
    }
    events.add(new StreamEndEvent());
    DumpSettings settings = DumpSettings.builder()
        .setDumpComments(true)
        .setIndent(4)
        .setIndicatorIndent(2)
        .setIndentWithIndicator(false)
        .setWidth(Integer.MAX_VALUE)
        .setSplitLines(false)
        .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
        .build();
    return new Present(settings).emitToString(events.iterator()).getBytes(StandardCharsets.UTF_8);
  }

  private static final CoreScalarResolver CORE = new CoreScalarResolver(true);
  /**
   * Strings that YAML 1.1 readers (SnakeYAML 1.x, Jackson's YAML module, many tools) would type as
   * booleans, numbers, timestamps or null: written quoted, so every reader keeps them strings and
   * the MAC still matches.
   */
  private static final java.util.regex.Pattern YAML11_SPECIAL = java.util.regex.Pattern.compile(
      "y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|~|=|<<"
          + "|[-+]?[0-9][0-9_:.,]*([eE][-+]?[0-9]+)?|[-+]?\\.[0-9_]+([eE][-+]?[0-9]+)?"
          + "|0[xXbBoO][0-9a-fA-F_]+|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");

  private static void value(TreeValue v, List<Event> events) {
    if (v instanceof TreeBranch b) {
      branch(b, events);
    } else if (v instanceof TreeList l) {
      list(l, events);
    } else if (v instanceof TreeScalar s) {
      events.add(scalar(s));
    } else {
      throw new IllegalStateException("a comment is not a value");
    }
  }

  private static void branch(TreeBranch b, List<Event> events) {
    boolean hasEntries = b.members().stream().anyMatch(m -> m instanceof TreeEntry);
    if (!hasEntries) {
      // An empty mapping is written in flow style; its comments (if any) go before it.
      for (TreeMember m : b.members()) {
        comment((TreeComment) m, events);
      }
      events.add(new MappingStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.FLOW));
      events.add(new MappingEndEvent());
      return;
    }
    events.add(new MappingStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.BLOCK));
    for (TreeMember m : b.members()) {
      if (m instanceof TreeComment c) {
        comment(c, events);
      } else {
        TreeEntry e = (TreeEntry) m;
        events.add(scalar(TreeScalar.str(e.key())));
        value(e.value(), events);
      }
    }
    events.add(new MappingEndEvent());
  }

  private static void list(TreeList l, List<Event> events) {
    List<TreeValue> items = l.items();
    int lastValue = -1;
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof TreeComment)) {
        lastValue = i;
      }
    }
    if (lastValue < 0) {
      for (TreeValue c : items) {
        comment((TreeComment) c, events);
      }
      events.add(new SequenceStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.FLOW));
      events.add(new SequenceEndEvent());
      return;
    }
    events.add(new SequenceStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.BLOCK));
    // A comment after the last item would be emitted at the parent's indentation and read back as
    // the parent's: write trailing comments before the last item instead, still inside the list.
    List<TreeValue> trailing = items.subList(lastValue + 1, items.size());
    for (int i = 0; i <= lastValue; i++) {
      if (i == lastValue) {
        for (TreeValue c : trailing) {
          comment((TreeComment) c, events);
        }
      }
      TreeValue item = items.get(i);
      if (item instanceof TreeComment c) {
        comment(c, events);
      } else {
        value(item, events);
      }
    }
    events.add(new SequenceEndEvent());
  }

  private static void comment(TreeComment c, List<Event> events) {
    // A comment never spans lines in YAML; a decrypted comment that does is split, not injected.
    for (String line : c.text().split("\r\n|\r|\n|\u0085|\u2028|\u2029", -1)) {
      events.add(new CommentEvent(CommentType.BLOCK, printable(line), Optional.empty(), Optional.empty()));
    }
  }

  /** YAML comments cannot escape anything: characters YAML does not allow become U+FFFD. */
  private static String printable(String line) {
    StringBuilder b = new StringBuilder(line.length());
    line.codePoints().forEach(cp -> b.appendCodePoint(
        cp == '\t' || (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF)
            || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000 ? cp : 0xFFFD));
    return b.toString();
  }

  private static ScalarEvent scalar(TreeScalar s) {
    switch (s.type()) {
      case STR: {
        String text = s.text();
        boolean plain = GoYamlScalars.isPlainString(text)
            && CORE.resolve(text, true).getValue().equals(TAG_PREFIX + "str")
            && !YAML11_SPECIAL.matcher(text).matches();
        ScalarStyle style = text.indexOf('\n') >= 0 ? ScalarStyle.LITERAL
            : plain ? ScalarStyle.PLAIN : ScalarStyle.DOUBLE_QUOTED;
        return new ScalarEvent(Optional.empty(), Optional.empty(), new ImplicitTuple(plain, true),
            text, style);
      }
      case BYTES: {
        String b64 = Base64.getEncoder().encodeToString(s.plaintextBytes());
        return new ScalarEvent(Optional.empty(), Optional.of(TAG_PREFIX + "binary"),
            new ImplicitTuple(false, false), b64, ScalarStyle.PLAIN);
      }
      default:
        return new ScalarEvent(Optional.empty(), Optional.empty(), new ImplicitTuple(true, false),
            GoYamlScalars.yamlText(s), ScalarStyle.PLAIN);
    }
  }
}
