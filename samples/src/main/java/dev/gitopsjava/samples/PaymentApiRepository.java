package dev.gitopsjava.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The payment-api team's Git repository, made on the local disk with JGit: a kustomize base
 * (Deployment, Service, two ConfigMaps) and a production overlay that sets the namespace and three
 * replicas. The scenario commits to it as the team would.
 */
final class PaymentApiRepository implements AutoCloseable {
  static final String OVERLAY = "k8s/overlays/production";
  private static final PersonIdent TEAM = new PersonIdent("payments team", "payments@nordic-dev.example");

  private final Git git;
  private final Path dir;
  private final String url;

  private PaymentApiRepository(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
    this.url = dir.toUri().toString();
  }

  static PaymentApiRepository create(Path dir) {
    try {
      Files.createDirectories(dir);
      PaymentApiRepository repo = new PaymentApiRepository(
          Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
      repo.write("k8s/base/deployment.yaml", resource("base-deployment.yaml"))
          .write("k8s/base/service.yaml", resource("base-service.yaml"))
          .write("k8s/base/configmap.yaml", resource("base-configmap.yaml"))
          .write("k8s/base/feature-flags.yaml", resource("base-feature-flags.yaml"))
          .write("k8s/base/kustomization.yaml", baseKustomization(true))
          .write(OVERLAY + "/kustomization.yaml", resource("overlay-kustomization.yaml"));
      repo.commit("payment-api: base and production overlay");
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot create the sample repository in " + dir, e);
    }
  }

  static String baseKustomization(boolean withFeatureFlags) {
    return """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        - deployment.yaml
        - service.yaml
        - configmap.yaml
        """ + (withFeatureFlags ? "- feature-flags.yaml\n" : "");
  }

  static String resource(String name) {
    try (InputStream in = PaymentApiRepository.class.getResourceAsStream("payment-api/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sample resource missing: payment-api/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return url;
  }

  String read(String path) {
    try {
      return Files.readString(dir.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PaymentApiRepository write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PaymentApiRepository delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits every change; returns the commit SHA. */
  String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit().setMessage(message).setAuthor(TEAM).setCommitter(TEAM).setSign(false).call().getName();
    } catch (GitAPIException e) {
      throw new IllegalStateException("commit failed in " + dir, e);
    }
  }

  /** Creates a branch at the current commit and checks it out (a pull request's branch). */
  PaymentApiRepository branch(String name) {
    try {
      git.checkout().setCreateBranch(true).setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot create branch " + name, e);
    }
  }

  /** Checks out main and merges {@code branch} into it (the pull request is merged). */
  String merge(String branch) {
    try {
      git.checkout().setName("main").call();
      var result = git.merge().include(git.getRepository().resolve(branch)).setCommit(true)
          .setFastForward(org.eclipse.jgit.api.MergeCommand.FastForwardMode.FF).call();
      if (!result.getMergeStatus().isSuccessful()) {
        throw new IllegalStateException("merge of " + branch + " failed: " + result.getMergeStatus());
      }
      return git.getRepository().resolve("HEAD").getName();
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException("cannot merge " + branch, e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
