package dev.gitopsjava.provision.cloudinit;

import dev.gitopsjava.provision.ProvisionException;
import java.util.List;
import java.util.stream.Collectors;

/** A user-data document is not valid {@code #cloud-config}; {@link #problems()} lists why. */
public final class InvalidCloudConfigException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  private final transient List<CloudConfigProblem> problems;

  /** An exception with a message naming what is at fault. */
  public InvalidCloudConfigException(String source, List<CloudConfigProblem> problems) {
    super("invalid cloud-config " + source + ": "
        + problems.stream().map(CloudConfigProblem::toString).collect(Collectors.joining(", ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order. */
  public List<CloudConfigProblem> problems() {
    return problems;
  }
}
