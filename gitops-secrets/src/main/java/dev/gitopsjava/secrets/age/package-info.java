/**
 * age v1 file encryption (C2SP age), byte-compatible with the {@code age} command line.
 *
 * <p>Entry points: {@link dev.gitopsjava.secrets.age.Age} (encrypt and decrypt, streaming or in
 * memory), {@link dev.gitopsjava.secrets.age.AgeRecipient}, {@link
 * dev.gitopsjava.secrets.age.AgeIdentity}, {@link dev.gitopsjava.secrets.age.AgeKeyPair} and
 * {@link dev.gitopsjava.secrets.age.AgeArmor}. Every failure is an {@link
 * dev.gitopsjava.secrets.age.AgeException}, whose subtypes tell a caller what went wrong (header,
 * no matching identity, header MAC, payload, armor, key syntax).
 */
@NullMarked
package dev.gitopsjava.secrets.age;

import org.jspecify.annotations.NullMarked;
