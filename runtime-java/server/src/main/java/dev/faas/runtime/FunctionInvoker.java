package dev.faas.runtime;

import dev.faas.function.Context;
import dev.faas.function.Request;
import dev.faas.function.Response;
import dev.faas.runtime.json.JsonBinder;
import dev.faas.runtime.json.JsonException;
import dev.faas.runtime.json.JsonWriter;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * Invokes a {@code Function<I, O>}: the body is read as JSON into {@code I} (a {@code String} input gets the
 * raw text, {@code byte[]} the raw bytes, an empty body {@code null}) and {@code O} is written back as JSON
 * ({@code byte[]} as raw bytes, a {@link Response} as is).
 */
final class FunctionInvoker implements Invoker {

    private final Function<Object, Object> function;
    private final Type inputType;

    FunctionInvoker(Function<Object, Object> function, Type inputType) {
        this.function = function;
        this.inputType = inputType;
    }

    @Override
    public Response invoke(Request request, Context context) throws BadRequestException {
        Object output = function.apply(input(request));
        if (output instanceof Response response) {
            return response;
        }
        if (output instanceof byte[] bytes) {
            return Response.ok(bytes);
        }
        return Response.json(JsonWriter.write(output));
    }

    private Object input(Request request) throws BadRequestException {
        if (inputType == String.class) {
            return request.bodyAsString();
        }
        if (inputType == byte[].class) {
            return request.body();
        }
        String body = request.bodyAsString();
        if (body.isBlank()) {
            return null;
        }
        try {
            return JsonBinder.read(body, inputType);
        } catch (JsonException e) {
            throw new BadRequestException("cannot read the request body as " + simpleName(inputType) + ": "
                    + e.getMessage());
        }
    }

    private static String simpleName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }
}
