package dev.faas.function;

/** A function that answers HTTP calls; the runtime creates one instance and calls it concurrently. */
public interface Handler {

    /**
     * Answers one call. An exception becomes a 500 JSON error naming the function and the exception; the
     * instance keeps serving.
     */
    Response handle(Request request, Context context) throws Exception;

    /** Runs once, before the first call, when the runtime loads the function; a failure fails the load. */
    default void init(Context context) throws Exception {
    }
}
