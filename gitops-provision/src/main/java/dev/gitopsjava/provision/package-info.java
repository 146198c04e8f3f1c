/**
 * Provisioning in the Terraform role: instance groups, plan, apply, destroy, locked and encrypted state.
 */
@NullMarked
package dev.gitopsjava.provision;

import org.jspecify.annotations.NullMarked;
