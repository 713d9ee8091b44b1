package dev.faas.controller.reconciler;

/**
 * Published once the start-up reconciliation has adopted or stopped every instance of an earlier run: from then on,
 * instances this controller starts (e.g. a prewarmed pool's) cannot be taken for leftovers and stopped.
 */
public record StartupReconciled() {
}
