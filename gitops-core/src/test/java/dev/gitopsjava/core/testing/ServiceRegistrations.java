package dev.gitopsjava.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks that a module registers its SPI implementations under {@code META-INF/services}: the
 * classes of a module's main output that a {@link ServiceLoader} could instantiate (public,
 * concrete, with a public no-argument constructor) versus those it actually finds.
 */
public final class ServiceRegistrations {
  private ServiceRegistrations() {}

  /**
   * The concrete public classes with a public no-argument constructor in the main output (the
   * directory or jar) that holds {@code anchor}, implementing {@code spi}.
   */
  public static Set<String> loadableImplementations(Class<?> anchor, Class<?> spi) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(root + " is not a class directory");
    }
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        if (!rel.endsWith(".class") || rel.endsWith("module-info.class") || rel.endsWith("package-info.class")) {
          continue;
        }
        Class<?> c;
        try {
          c = Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'), false, anchor.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        if (spi.isAssignableFrom(c) && !c.isInterface() && Modifier.isPublic(c.getModifiers())
            && !Modifier.isAbstract(c.getModifiers()) && c.getEnclosingClass() == null && hasPublicNoArgs(c)) {
          out.add(c.getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The classes {@link ServiceLoader} finds for {@code spi} whose names start with {@code prefix}. */
  public static <T> Set<String> registered(Class<T> spi, String prefix) {
    Set<String> out = new TreeSet<>();
    ServiceLoader.load(spi).stream().map(p -> p.type().getName()).filter(n -> n.startsWith(prefix)).forEach(out::add);
    return out;
  }

  private static boolean hasPublicNoArgs(Class<?> c) {
    try {
      return Modifier.isPublic(c.getConstructor().getModifiers());
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
