package dev.gitopsjava.core.shard;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Highest-random-weight hashing: an application goes to the member with the highest hash of
 * (member, application). Unlike {@code hash mod replicas}, a member leaving moves only its own
 * applications and a member joining takes only applications that become its own, so replicas that
 * see a membership change at slightly different times never trade applications among the others.
 */
final class RendezvousHash {
  private RendezvousHash() {}

  /** The owner of {@code application} among {@code members}; empty when there are none. */
  static Optional<String> owner(String application, Collection<String> members) {
    String best = null;
    long bestWeight = Long.MIN_VALUE;
    for (String member : members) {
      long w = weight(member, application);
      if (best == null || w > bestWeight || (w == bestWeight && member.compareTo(best) < 0)) {
        best = member;
        bestWeight = w;
      }
    }
    return Optional.ofNullable(best);
  }

  private static long weight(String member, String application) {
    CRC32C crc = new CRC32C();
    crc.update(member.getBytes(StandardCharsets.UTF_8));
    crc.update(0);
    crc.update(application.getBytes(StandardCharsets.UTF_8));
    // Mix the 32-bit CRC (SplitMix64 finalizer) so that near-equal names spread evenly.
    long z = crc.getValue() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
