/** A file-backed compute provider simulator for demos and command-line tests. Not a cloud. */
@NullMarked
package dev.gitopsjava.samples.simulator;

import org.jspecify.annotations.NullMarked;
