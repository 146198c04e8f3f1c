package dev.gitopsjava.secrets.sops;

/** An item of a {@link TreeBranch}: a key with its value, or a comment line. */
sealed interface TreeMember permits TreeEntry, TreeComment {}
