package dev.gitopsjava.provision.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation messages name the path and what is wrong, never the text of the user data. */
class CloudConfigProblemsTest {

  private static final String TOKEN = "abcdef.0123456789abcdef";
  private static final String HASH = "$6$rounds=4096$saltsalt$hashedpasswordhashedpassword";

  @Test
  void problemsDescribeValuesWithoutQuotingThem() {
    String userData = """
        #cloud-config
        hostname: [kubeadm join --token %s]
        runcmd:
          - {join: kubeadm join 10.0.0.1:6443 --token %s}
        users:
          - name: ops
            passwd: "%s"
            unknown_field: %s
        write_files:
          - content: "-----BEGIN PRIVATE KEY----- %s"
            encoding: rot13
        """.formatted(TOKEN, TOKEN, HASH, TOKEN, TOKEN);
    List<CloudConfigProblem> problems = CloudConfig.problems(userData, "user-data.yaml");
    assertEquals(List.of("hostname", "runcmd.0", "users.0", "write_files.0",
        "write_files.0.encoding"), problems.stream().map(CloudConfigProblem::path).toList());
    InvalidCloudConfigException e = assertThrows(InvalidCloudConfigException.class,
        () -> CloudConfig.parse(userData, "user-data.yaml"));
    for (String shown : List.of(problems.toString(), e.getMessage())) {
      assertFalse(shown.contains(TOKEN), shown);
      assertFalse(shown.contains(HASH.substring(0, 20)), shown);
      assertFalse(shown.contains("PRIVATE KEY"), shown);
    }
    assertEquals("an array of 1 items is not of type 'string'", problems.get(0).message());
    assertEquals("an object with keys [join] is not valid under any of the given schemas",
        problems.get(1).message());
  }
}
