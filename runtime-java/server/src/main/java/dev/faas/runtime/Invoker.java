package dev.faas.runtime;

import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;

/** Calls a loaded function, whatever its shape ({@code Handler} or {@code Function<I, O>}). */
interface Invoker {

    /** Runs the function once; a {@link BadRequestException} means the caller sent unusable input. */
    Response invoke(Request request, Context context) throws Exception;
}
