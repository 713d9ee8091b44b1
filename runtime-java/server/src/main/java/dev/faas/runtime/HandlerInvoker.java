package dev.faas.runtime;

import dev.faas.function.Context;
import dev.faas.function.Handler;
import dev.faas.function.Request;
import dev.faas.function.Response;

/** Invokes a {@link Handler}, which gets the raw request and builds its own response. */
final class HandlerInvoker implements Invoker {

    private final Handler handler;

    HandlerInvoker(Handler handler) {
        this.handler = handler;
    }

    @Override
    public Response invoke(Request request, Context context) throws Exception {
        Response response = handler.handle(request, context);
        if (response == null) {
            throw new IllegalStateException(handler.getClass().getName() + ".handle returned null instead of a Response");
        }
        return response;
    }
}
