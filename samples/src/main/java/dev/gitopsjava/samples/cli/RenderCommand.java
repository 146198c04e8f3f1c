package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.RenderResult;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.spi.ManifestFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops render APP.yaml} or {@code gitops render --repo URL [--revision REV] [--path P]}:
 * prints the desired manifests as multi-document YAML after a comment naming the resolved commit.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Print the desired manifests of an application at a pinned commit.")
final class RenderCommand implements Callable<Integer> {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Parameters(index = "0", paramLabel = "APP.yaml", description = "An Argo CD Application manifest.")
    Path application;

    @ArgGroup(exclusive = false)
    Location location;
  }

  static final class Location {
    @Option(names = "--repo", required = true, paramLabel = "URL", description = "Git repository URL or path.")
    String repo;

    @Option(names = "--revision", defaultValue = "HEAD", paramLabel = "REV",
        description = "HEAD, branch, tag or commit SHA (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--path", defaultValue = "", paramLabel = "P", description = "Directory in the repository.")
    String path;
  }

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where clones are kept (default: $XDG_CACHE_HOME/gitops-java or ~/.cache/gitops-java).")
  Path cacheDir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String name;
    SourceSpec source;
    if (target.application != null) {
      Application app = Application.read(target.application);
      name = app.name();
      source = app.source();
    } else {
      name = "";
      source = SourceSpec.of(target.location.repo, target.location.revision, target.location.path);
    }
    try (GitSource git = GitSource.builder().cacheDirectory(cacheDirectory()).build()) {
      DesiredStateRenderer.Builder builder = DesiredStateRenderer.builder().gitSource(git);
      for (ManifestFilter filter : ServiceLoader.load(ManifestFilter.class)) {
        builder.filter(filter);
      }
      RenderResult result = builder.build().render(name, source);
      PrintWriter out = spec.commandLine().getOut();
      out.println("# commit: " + result.revision().commit());
      for (Manifest m : result.desired().all()) {
        out.println("---");
        out.print(m.toYaml().replaceFirst("^---\\s*\\n", ""));
      }
      out.flush();
    }
    return GitOpsCommand.OK;
  }

  private Path cacheDirectory() {
    if (cacheDir != null) {
      return cacheDir;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("gitops-java");
  }
}
