package dev.gitopsjava.provision.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeBootstrapTest {
  @Test
  void kernelPrepPersistsModulesSysctlsAndSwapOff() {
    Map<String, Object> content = NodeBootstrap.kubernetesNode().content();
    @SuppressWarnings("unchecked")
    List<Map<String, String>> files = (List<Map<String, String>>) content.get("write_files");
    Map<String, String> byPath = new java.util.HashMap<>();
    files.forEach(f -> byPath.put(f.get("path"), f.get("content")));
    assertEquals("overlay\nbr_netfilter\n", byPath.get(NodeBootstrap.MODULES_FILE));
    String sysctl = byPath.get(NodeBootstrap.SYSCTL_FILE);
    for (String key : List.of("net.bridge.bridge-nf-call-iptables",
        "net.bridge.bridge-nf-call-ip6tables", "net.ipv4.ip_forward")) {
      assertTrue(sysctl.lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(key)
          + "\\s*=\\s*1")), key + " in " + sysctl);
    }
    @SuppressWarnings("unchecked")
    List<List<String>> runcmd = (List<List<String>>) content.get("runcmd");
    assertEquals(List.of("swapoff", "-a"), runcmd.get(0));
    assertTrue(runcmd.contains(List.of("systemctl", "mask", "--now", "swap.target")));
    assertTrue(runcmd.stream().anyMatch(c -> c.contains("/etc/fstab")), "fstab edited");
    assertTrue(runcmd.contains(List.of("modprobe", "br_netfilter")));
    assertEquals(List.of("sysctl", "--system"), runcmd.get(runcmd.size() - 1));
  }

  @Test
  void renderStartsWithHeaderAndRoundTrips() {
    CloudConfig prep = NodeBootstrap.kubernetesNode();
    String text = prep.render();
    assertTrue(text.startsWith("#cloud-config\n"), text);
    assertEquals(List.of(), CloudConfig.problems(text, "rendered"));
    assertEquals(prep, CloudConfig.parse(text));
    assertTrue(text.contains("permissions: \"0644\"") || text.contains("permissions: '0644'"),
        "octal-looking permission must stay a string:\n" + text);
  }

  @Test
  void renderIsStable() {
    // Plans compare the rendered text (its hash is in the state), so reading user data back and
    // rendering it again must give the same bytes: any reordering or re-quoting shows up here.
    // (Comparing two renders of one object, as this test once did, could never fail.)
    String text = NodeBootstrap.kubernetesNode().render();
    assertEquals(text, CloudConfig.parse(text).render());
    String merged = NodeBootstrap.kubernetesNode().merge(CloudConfig.parse("""
        #cloud-config
        hostname: worker-a
        runcmd:
          - [systemctl, enable, --now, containerd]
        """)).render();
    assertEquals(merged, CloudConfig.parse(merged).render());
  }

  @Test
  void userAdditionsAppendListsAndOverrideScalars() {
    CloudConfig additions = CloudConfig.parse("""
        #cloud-config
        hostname: worker-a
        packages: [containerd]
        runcmd:
          - [systemctl, enable, --now, containerd]
        write_files:
          - path: /etc/containerd/config.toml
            content: "version = 2\\n"
        """);
    CloudConfig merged = NodeBootstrap.kubernetesNode().merge(additions);
    Map<String, Object> content = merged.content();
    assertEquals("worker-a", content.get("hostname"));
    assertEquals(List.of("containerd"), content.get("packages"));
    List<?> runcmd = (List<?>) content.get("runcmd");
    assertEquals(List.of("swapoff", "-a"), runcmd.get(0), "kernel prep runs first");
    assertEquals(List.of("systemctl", "enable", "--now", "containerd"),
        runcmd.get(runcmd.size() - 1));
    assertEquals(3, ((List<?>) content.get("write_files")).size());
    assertEquals(List.of(), CloudConfig.problems(merged.render(), "merged"));
  }

  @Test
  void invalidAdditionsAreRefusedWithTheirPath() {
    InvalidCloudConfigException e = assertThrows(InvalidCloudConfigException.class,
        () -> CloudConfig.parse("#cloud-config\nruncmd: \"modprobe overlay\"\n", "extra.yaml"));
    assertEquals("runcmd", e.problems().get(0).path());
    assertTrue(e.getMessage().contains("extra.yaml"));
    assertThrows(InvalidCloudConfigException.class,
        () -> CloudConfig.of(Map.of("runcmnd", List.of("echo typo"))));
  }

  @Test
  void yaml11LookalikesStayStrings() {
    List<String> tricky = List.of("0644", "yes", "no", "on", "off", "null", "~", "1e3", "0x1F",
        "true", "12:30");
    String text = CloudConfig.of(Map.of("runcmd", List.of(tricky))).render();
    for (String t : tricky) {
      assertTrue(text.contains("\"" + t + "\"") || text.contains("'" + t + "'"),
          t + " must be quoted for YAML 1.1 readers:\n" + text);
    }
  }

  @Test
  void unquotedYaml11ScalarsAreTypedAsCloudInitTypesThem() {
    List<CloudConfigProblem> problems = CloudConfig.problems("""
        #cloud-config
        hostname: 12:30
        package_update: yes
        write_files:
          - path: /x
            permissions: 0644
        runcmd:
          - [echo, 1e3]
        """, "octal.yaml");
    assertEquals(List.of(
        new CloudConfigProblem("hostname", "750 is not of type 'string'"),
        new CloudConfigProblem("write_files.0.permissions", "420 is not of type 'string'")),
        problems, "yes is a boolean and 1e3 a string in YAML 1.1");
  }
}
