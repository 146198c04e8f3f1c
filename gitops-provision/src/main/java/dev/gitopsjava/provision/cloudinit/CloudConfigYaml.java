package dev.gitopsjava.provision.cloudinit;

import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The one YAML mapper cloud-config documents are read and written with.
 *
 * <p>cloud-init reads YAML 1.1 (PyYAML), where plain {@code 0644} is the octal int 420,
 * {@code yes}/{@code on} are booleans and {@code 12:30} is the int 750. Every string is therefore
 * written quoted (no {@code MINIMIZE_QUOTES}). Reading uses YAML 1.2, so a hand-written, unquoted
 * 1.1 look-alike in user additions is seen as a string here but not by cloud-init: a known gap
 * that {@code cloud-init schema} (see CloudInitSchemaIT) catches.
 */
final class CloudConfigYaml {
  static final YAMLMapper MAPPER = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .disable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
      .build();

  private CloudConfigYaml() {}
}
