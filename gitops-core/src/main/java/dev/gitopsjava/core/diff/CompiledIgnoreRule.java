package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.model.ResourceKey;
import java.util.ArrayList;
import java.util.List;

/** An {@link IgnoreRule} with its paths parsed once. */
record CompiledIgnoreRule(IgnoreRule rule, List<FieldRemover> removers) {

  static List<CompiledIgnoreRule> compile(List<IgnoreRule> rules) {
    List<CompiledIgnoreRule> out = new ArrayList<>(rules.size());
    for (IgnoreRule r : rules) {
      List<FieldRemover> removers = new ArrayList<>();
      for (String p : r.jsonPointers()) {
        removers.add(FieldRemover.pointer(p));
      }
      for (String jq : r.jqPathExpressions()) {
        removers.add(JqPath.parse(jq));
      }
      out.add(new CompiledIgnoreRule(r, List.copyOf(removers)));
    }
    return List.copyOf(out);
  }

  boolean matches(ResourceKey key) {
    return rule.matches(key);
  }
}
