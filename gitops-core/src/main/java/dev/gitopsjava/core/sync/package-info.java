/**
 * Sync planning: which resources to create, update, leave or prune, and in what order.
 *
 * <p>{@link dev.gitopsjava.core.sync.SyncPlanner#plan(PlanRequest)} is a pure function from desired
 * state, live state, per-resource diff verdicts and the application's options to a
 * {@link dev.gitopsjava.core.sync.SyncPlan}. The order follows Argo CD's: phase (PreSync, Sync,
 * PostSync, SyncFail), then {@code argocd.argoproj.io/sync-wave}, then kind, then name; Namespaces
 * and CRDs move before the first resource that needs them; prune waves are mirrored so what was
 * created first is deleted last.
 */
@NullMarked
package dev.gitopsjava.core.sync;

import org.jspecify.annotations.NullMarked;
