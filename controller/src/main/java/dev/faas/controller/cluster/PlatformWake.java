package dev.faas.controller.cluster;

import dev.faas.controller.function.FunctionKey;

/**
 * A scale-up from zero the platform made by itself (Knative's activator held a call and woke a revision): when a
 * replica was asked for and when the first one was ready, epoch ms.
 */
public record PlatformWake(FunctionKey function, long requestedAt, long readyAt) {
}
