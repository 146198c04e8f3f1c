package dev.gitopsjava.core.source;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestReader;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.core.spi.Renderer;
import dev.gitopsjava.core.spi.SourceTree;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kustomize overlays: a directory with a {@code kustomization.yaml} is built with
 * {@code kustomize build}, or {@code kubectl kustomize} when only kubectl is installed.
 *
 * <p>Options (as Argo CD's {@code spec.source.kustomize}): {@code namePrefix}, {@code nameSuffix},
 * {@code namespace}, {@code images} (list of {@code name=newName:tag}, {@code name:tag} or
 * {@code name@digest}), {@code commonLabels}, {@code commonAnnotations} (maps). They are applied
 * through a generated kustomization that wraps the application's path, so the checkout itself is
 * never edited.
 */
final class KustomizeRenderer implements Renderer {
  static final String TYPE = "kustomize";
  private static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final Function<String, Optional<Path>> executableLookup;
  private final Duration timeout;

  KustomizeRenderer() {
    this(KustomizeRenderer::findOnPath, Duration.ofMinutes(2));
  }

  KustomizeRenderer(Function<String, Optional<Path>> executableLookup, Duration timeout) {
    this.executableLookup = executableLookup;
    this.timeout = timeout;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public boolean appliesTo(SourceTree tree, String path) {
    String dir = RepositoryPath.normalise(path);
    String base = dir.isEmpty() ? "" : dir + "/";
    return KUSTOMIZATION_FILES.stream().anyMatch(f -> tree.read(base + f).isPresent());
  }

  @Override
  public List<Manifest> render(SourceTree tree, String path, Map<String, Object> options, RenderContext context) {
    if (!appliesTo(tree, path)) {
      throw new RenderException("no kustomization.yaml in '" + path + "' at commit " + tree.commit());
    }
    List<String> command = command();
    Path root = tree.checkout();
    Path target = root.resolve(path.isEmpty() ? "." : path).normalize();
    if (!target.startsWith(root)) {
      throw new RenderException("kustomize path '" + path + "' leaves the repository");
    }
    if (!options.isEmpty()) {
      target = wrapperFor(root, path, options);
    }
    List<String> full = new ArrayList<>(command);
    full.add(target.toString());
    byte[] out = run(full, root, path);
    return ManifestReader.read(out, "kustomize build " + path);
  }

  private List<String> command() {
    Optional<Path> kustomize = executableLookup.apply("kustomize");
    if (kustomize.isPresent()) {
      return List.of(kustomize.get().toString(), "build");
    }
    Optional<Path> kubectl = executableLookup.apply("kubectl");
    if (kubectl.isPresent()) {
      return List.of(kubectl.get().toString(), "kustomize");
    }
    throw new RenderException("kustomize renderer needs 'kustomize' or 'kubectl' on PATH; neither was found");
  }

  private byte[] run(List<String> command, Path workDir, String path) {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(workDir.toFile()).start();
    } catch (IOException e) {
      throw new RenderException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    try {
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new RenderException("kustomize build " + path + " did not finish within " + timeout.toSeconds() + " s");
      }
      byte[] out = stdout.get();
      String err = new String(stderr.get(), StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        String first = err.lines().filter(l -> !l.isBlank()).limit(3).reduce((a, b) -> a + "; " + b).orElse("no output");
        throw new RenderException("kustomize build " + path + " failed (exit " + process.exitValue() + "): " + first);
      }
      return out;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RenderException("interrupted while running kustomize build " + path, e);
    } catch (IOException | java.util.concurrent.ExecutionException e) {
      throw new RenderException("kustomize build " + path + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in; ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
      in.transferTo(buf);
      return buf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kustomization beside the checkout that applies the options on top of {@code path}. */
  private static Path wrapperFor(Path root, String path, Map<String, Object> options) {
    ObjectNode k = JsonNodeFactory.instance.objectNode();
    k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    k.put("kind", "Kustomization");
    k.putArray("resources").add("../../" + (path.isEmpty() ? "." : path));
    Map<String, Object> sorted = new LinkedHashMap<>(options);
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      switch (e.getKey()) {
        case "namePrefix", "nameSuffix", "namespace" -> k.put(e.getKey(), e.getValue().toString());
        case "commonLabels", "commonAnnotations" -> {
          ObjectNode map = k.putObject(e.getKey());
          asMap(e.getKey(), e.getValue()).forEach(map::put);
        }
        case "images" -> {
          ArrayNode images = k.putArray("images");
          for (String spec : asList("images", e.getValue())) {
            images.add(imageOverride(spec));
          }
        }
        default -> throw new RenderException("kustomize option '" + e.getKey() + "' is not supported"
            + " (supported: namePrefix, nameSuffix, namespace, images, commonLabels, commonAnnotations)");
      }
    }
    byte[] yaml = YAML.writeValueAsBytes(k);
    Path dir = root.resolve(".gitops-java").resolve(hash(yaml));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("kustomization.yaml");
      if (!Files.exists(file)) {
        Path temp = Files.createTempFile(dir, "kustomization", ".tmp");
        Files.write(temp, yaml);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kustomize options overlay in " + dir, e);
    }
    return dir;
  }

  private static ObjectNode imageOverride(String spec) {
    ObjectNode img = JsonNodeFactory.instance.objectNode();
    String name = spec;
    String replacement = spec;
    int eq = spec.indexOf('=');
    if (eq >= 0) {
      name = spec.substring(0, eq);
      replacement = spec.substring(eq + 1);
    }
    int at = replacement.indexOf('@');
    int colon = replacement.lastIndexOf(':');
    String newName = replacement;
    if (at >= 0) {
      img.put("digest", replacement.substring(at + 1));
      newName = replacement.substring(0, at);
    } else if (colon > replacement.lastIndexOf('/')) {
      img.put("newTag", replacement.substring(colon + 1));
      newName = replacement.substring(0, colon);
    }
    if (eq < 0) {
      name = newName;
    }
    img.put("name", name);
    if (!newName.equals(name)) {
      img.put("newName", newName);
    }
    return img;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> asMap(String option, Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, String> out = new LinkedHashMap<>();
      ((Map<Object, Object>) m).forEach((a, b) -> out.put(String.valueOf(a), String.valueOf(b)));
      return out;
    }
    throw new RenderException("kustomize option " + option + " must be a map");
  }

  private static List<String> asList(String option, Object value) {
    if (value instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    throw new RenderException("kustomize option " + option + " must be a list");
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
