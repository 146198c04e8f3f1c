package dev.gitopsjava.provision.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Render/parse and merge over generated command lists, including YAML 1.1 look-alikes. */
class CloudConfigProperties {
  private static final List<String> TRICKY = List.of("0644", "yes", "No", "ON", "off", "~",
      "null", "1e3", "0x1F", "12:30", "true", ".inf", "- x", "a: b", "#not a comment", "'q'",
      "\"dq\"", "multi\nline\n", "trailing space ", "", "@at", "*star", "&amp", "!tag", "%pct",
      "{a}", "[b]", "é ü ✓");

  private static Gen<String> words() {
    Gen<String> tricky = integers().between(0, TRICKY.size() - 1).map(TRICKY::get);
    Gen<String> random = strings().basicLatinAlphabet().ofLengthBetween(0, 12);
    return integers().between(0, 1).flatMap(i -> i == 0 ? tricky : random);
  }

  private static Gen<List<List<String>>> commands() {
    return lists().of(lists().of(words()).ofSizeBetween(1, 4)).ofSizeBetween(1, 5);
  }

  @Test
  void everyStringSurvivesRenderAndParse() {
    qt().withExamples(200).forAll(commands()).checkAssert(runcmd -> {
      CloudConfig doc = CloudConfig.of(Map.of("runcmd", runcmd));
      String text = doc.render();
      assertEquals(List.of(), CloudConfig.problems(text, "generated"), text);
      assertEquals(runcmd, CloudConfig.parse(text).content().get("runcmd"), text);
    });
  }

  @Test
  void mergeKeepsBothListsInOrderPrepFirst() {
    qt().withExamples(100).forAll(commands(), commands()).checkAssert((a, b) -> {
      CloudConfig merged = CloudConfig.of(Map.of("runcmd", a))
          .merge(CloudConfig.of(Map.of("runcmd", b)));
      List<List<String>> expected = new ArrayList<>(a);
      expected.addAll(b);
      assertEquals(expected, merged.content().get("runcmd"));
    });
  }
}
