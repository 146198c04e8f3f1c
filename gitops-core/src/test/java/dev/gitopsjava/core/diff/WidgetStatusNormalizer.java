package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.Normalizer;
import tools.jackson.databind.node.ObjectNode;

/**
 * A normaliser registered in the test class path's META-INF/services: it proves the ServiceLoader
 * path. It drops {@code spec.observedBy} of the test-only kind {@code test.gitopsjava.dev/Widget}.
 */
public final class WidgetStatusNormalizer implements Normalizer {
  @Override
  public String name() {
    return "widget-observed-by";
  }

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.group().equals("test.gitopsjava.dev") && key.kind().equals("Widget");
  }

  @Override
  public void normalize(ResourceKey key, ObjectNode document) {
    if (document.get("spec") instanceof ObjectNode spec) {
      spec.remove("observedBy");
    }
  }
}
