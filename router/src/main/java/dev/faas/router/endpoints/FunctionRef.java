package dev.faas.router.endpoints;

/**
 * A function by namespace and name, already validated and with the namespace alias resolved.
 *
 * @param namespace the namespace ({@code default} when the caller named none)
 * @param name      the function's name
 */
public record FunctionRef(String namespace, String name) {

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
