package dev.gitopsjava.provision.cloudinit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel prep a kubeadm node needs, as a {@code #cloud-config} document: swap off now and on
 * every boot, the {@code overlay} and {@code br_netfilter} modules loaded now and on every boot, and
 * the three sysctls ({@code net.bridge.bridge-nf-call-iptables}, {@code
 * net.bridge.bridge-nf-call-ip6tables}, {@code net.ipv4.ip_forward} = 1) applied now and persisted
 * in {@code /etc/sysctl.d}.
 *
 * <pre>{@code
 * String userData = NodeBootstrap.kubernetesNode().merge(CloudConfig.parse(extra)).render();
 * }</pre>
 */
public final class NodeBootstrap {
  /** Where the module list is persisted; systemd-modules-load reads it at boot. */
  public static final String MODULES_FILE = "/etc/modules-load.d/k8s.conf";
  /** Where the sysctls are persisted; systemd-sysctl reads it at boot. */
  public static final String SYSCTL_FILE = "/etc/sysctl.d/99-kubernetes-cri.conf";

  private NodeBootstrap() {}

  /** The kernel prep alone; merge user additions into it with {@link CloudConfig#merge}. */
  public static CloudConfig kubernetesNode() {
    // Ordered maps: the rendered text must be byte-for-byte stable, since plans compare it.
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("write_files", List.of(
        file(MODULES_FILE, "overlay\nbr_netfilter\n"),
        file(SYSCTL_FILE, "net.bridge.bridge-nf-call-iptables  = 1\n"
            + "net.bridge.bridge-nf-call-ip6tables = 1\n"
            + "net.ipv4.ip_forward                 = 1\n")));
    doc.put("runcmd", List.of(
            List.of("swapoff", "-a"),
            // Persist: comment out every swap line in fstab, and mask swap units systemd
            // generates (e.g. from a swap partition GPT type) so a reboot cannot bring swap back.
            List.of("sed", "-i", "-E", "/^[^#].*[[:space:]]swap[[:space:]]/ s/^/#/", "/etc/fstab"),
            List.of("systemctl", "mask", "--now", "swap.target"),
            List.of("modprobe", "overlay"),
            List.of("modprobe", "br_netfilter"),
            List.of("sysctl", "--system")));
    return CloudConfig.of(doc);
  }

  private static Map<String, String> file(String path, String content) {
    Map<String, String> file = new LinkedHashMap<>();
    file.put("path", path);
    file.put("owner", "root:root");
    file.put("permissions", "0644");
    file.put("content", content);
    return file;
  }
}
