package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.sealed.ControllerCertificate;
import dev.gitopsjava.secrets.sealed.SealedSecrets;
import dev.gitopsjava.secrets.sealed.SealingScope;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitops seal}: reads a Secret on stdin and writes the SealedSecret on stdout, with
 * kubeseal's flags ({@code --cert}, {@code --scope}, {@code --merge-into}, {@code --format}).
 */
@Command(name = "seal", mixinStandardHelpOptions = true,
    description = "Seal a Kubernetes Secret read from stdin into a Bitnami SealedSecret (like kubeseal).")
final class SealCli implements Callable<Integer> {

  @Option(names = "--cert", required = true, paramLabel = "CERT.pem",
      description = "The controller's certificate (PEM): a file, or an http(s) URL such as the controller's /v1/cert.pem.")
  String cert;

  @Option(names = "--scope", paramLabel = "SCOPE", converter = ScopeConverter.class,
      description = "strict, namespace-wide or cluster-wide (default: the Secret's annotations, else strict).")
  SealingScope scope;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
      description = "Namespace for a Secret that names none.")
  String namespace;

  @Option(names = "--merge-into", paramLabel = "FILE",
      description = "Add or replace the Secret's items in this SealedSecret file, in place.")
  Path mergeInto;

  @Option(names = "--allow-empty-data", description = "Seal a Secret with no items.")
  boolean allowEmptyData;

  @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", defaultValue = "yaml",
      description = "Output format: yaml (default) or json.")
  String format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("yaml") && !format.equals("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "invalid --format '" + format + "': must be yaml or json");
    }
    ControllerCertificate certificate = ControllerCertificate.read(certificateSource());
    Manifest secret = SealedSecrets.readSecret(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), "stdin");
    if (mergeInto != null) {
      Manifest existing = SealedSecrets.readSealedSecret(Files.readString(mergeInto), mergeInto.toString());
      Manifest merged = SealedSecrets.mergeInto(existing).itemsOf(secret).certificate(certificate).call();
      // Written only after sealing succeeded, so an error never clobbers the file.
      Files.writeString(mergeInto, render(merged));
      return GitOpsCommand.OK;
    }
    var command = SealedSecrets.seal(secret).certificate(certificate).allowEmptyData(allowEmptyData);
    if (scope != null) {
      command.scope(scope);
    }
    if (namespace != null) {
      command.defaultNamespace(namespace);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(render(command.call()));
    out.flush();
    return GitOpsCommand.OK;
  }

  /** A file, or an http(s) URL as kubeseal accepts. */
  private KeySource certificateSource() {
    if (!cert.startsWith("http://") && !cert.startsWith("https://")) {
      return KeySource.file(Path.of(cert));
    }
    URI uri = URI.create(cert);
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
      if (response.statusCode() != 200) {
        throw new KeyMaterialException(cert, "cannot fetch certificate: HTTP " + response.statusCode());
      }
      return KeySource.of(cert, KeyMaterial.ofText(cert, response.body()));
    } catch (IOException e) {
      throw new KeyMaterialException(cert, "cannot fetch certificate: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyMaterialException(cert, "interrupted while fetching the certificate", e);
    }
  }

  private String render(Manifest manifest) {
    return format.equals("json") ? manifest.toJson() + "\n" : SealedSecrets.toYaml(manifest);
  }

  static final class ScopeConverter implements CommandLine.ITypeConverter<SealingScope> {
    @Override
    public SealingScope convert(String value) {
      try {
        return SealingScope.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
