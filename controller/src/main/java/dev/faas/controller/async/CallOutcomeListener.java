package dev.faas.controller.async;

/** Told when an asynchronous call has finished for good, e.g. to count a trigger's delivered and failed events. */
public interface CallOutcomeListener {

    /** The call ended in {@code state} ({@code completed} or {@code dead-letter}) with this last outcome. */
    void finished(AsyncCall call, CallState state, FunctionOutcome outcome);
}
