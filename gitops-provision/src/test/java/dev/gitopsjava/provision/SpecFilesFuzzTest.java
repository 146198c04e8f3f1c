package dev.gitopsjava.provision;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.provision.state.StateEncryption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a user or a pipeline hands to the provisioner are untrusted input: an instance group
 * spec (YAML), a saved plan and the dependency lock file beside the spec. Any bytes must give the
 * parsed value or a {@link ProvisionException} whose message names the file, never another
 * exception or a hang. Seeds in {@code SpecFilesFuzzTestInputs/}: valid files and broken variants.
 */
class SpecFilesFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void instanceGroupYamlGivesAGroupOrASpecExceptionNamingTheFile(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      InstanceGroup group = SpecReader.read(text, "fuzz.yaml", null);
      group.toString();
    } catch (SpecException e) {
      namesTheSource(e, "fuzz.yaml");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void savedPlanGivesAPlanOrAProvisionExceptionNamingTheFile(byte[] input) {
    Path file = write("plan", input);
    try {
      Plan plan = PlanFile.read(file, StateEncryption.none());
      plan.render();
    } catch (ProvisionException e) {
      namesTheSource(e, file.toString());
    } finally {
      delete(file);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void dependencyLockGivesALockOrASpecExceptionNamingTheFile(byte[] input) {
    Path file = write("lock", input);
    try {
      DependencyLock.read(file);
    } catch (SpecException e) {
      namesTheSource(e, file.toString());
    } finally {
      delete(file);
    }
  }

  private static void namesTheSource(RuntimeException e, String source) {
    if (e.getMessage() == null || !e.getMessage().contains(source)) {
      throw new AssertionError("error does not name " + source + ": " + e.getMessage(), e);
    }
  }

  private static Path write(String kind, byte[] input) {
    try {
      Path file = Files.createTempFile("fuzz-" + kind + "-", ".json");
      Files.write(file, input);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
