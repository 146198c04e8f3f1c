package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir Path temp;

  @Test
  void aMissingKubeconfigIsABadInputExit() {
    StringWriter err = new StringWriter();
    CommandLine cl = GitOpsCommand.commandLine();
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute("demo", "--kubeconfig", temp.resolve("nope.yaml").toString(),
        "--work-dir", temp.toString());
    assertEquals(2, exit);
    assertTrue(err.toString().contains("nope.yaml"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }

  @Test
  void anUnknownOptionIsAUsageError() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cl = GitOpsCommand.commandLine();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("demo", "--no-such-flag"));
    assertTrue(Files.isDirectory(temp));
  }
}
