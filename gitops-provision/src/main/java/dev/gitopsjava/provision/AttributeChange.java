package dev.gitopsjava.provision;

/**
 * One attribute that differs between the recorded instance and the spec.
 *
 * @param attribute attribute name as printed: {@code region}, {@code image}, {@code image_id},
 *     {@code flavor}, {@code flavor_id}, {@code ssh_keys}, {@code user_data}, {@code labels}
 * @param before the recorded value, printable (user data as its hash)
 * @param after the wanted value, printable
 * @param forcesReplacement true when the provider cannot change it in place
 */
public record AttributeChange(
    String attribute, String before, String after, boolean forcesReplacement) {}
