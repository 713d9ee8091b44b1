package dev.faas.controller.secret;

import dev.faas.controller.function.FunctionSpec;
import dev.faas.controller.function.InvalidFunctionException;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** The secrets a function names, looked up in its own namespace: checked at deploy, decrypted at instance start. */
@Singleton
public class FunctionSecrets {
    private final SecretStore store;

    public FunctionSecrets(SecretStore store) {
        this.store = store;
    }

    /** Fails with a 400-worthy message when a named secret does not exist in the function's namespace. */
    public void requireExisting(FunctionSpec spec) {
        for (String name : spec.secrets()) {
            SecretId id = idOf(spec, name);
            if (!store.exists(id)) {
                throw new InvalidFunctionException("secret '" + name + "' does not exist in namespace '"
                        + id.namespace() + "'; create it with `faas secret create " + name
                        + (id.namespace().equals("default") ? "" : " --namespace " + id.namespace()) + "`");
            }
        }
    }

    /** Name → decrypted value of every secret the function names, as its instances get them now. */
    public Map<String, byte[]> valuesFor(FunctionSpec spec) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (String name : spec.secrets()) {
            SecretId id = idOf(spec, name);
            byte[] value = store.read(id).orElseThrow(() -> new InvalidFunctionException("secret '" + name
                    + "' of function '" + spec.service() + "' no longer exists in namespace '" + id.namespace()
                    + "'; create it again with `faas secret create " + name + "`"));
            values.put(name, value);
        }
        return values;
    }

    private static SecretId idOf(FunctionSpec spec, String name) {
        try {
            return new SecretId(spec.namespace(), name);
        } catch (SecretRejectedException e) {
            throw new InvalidFunctionException("secrets of function '" + spec.service() + "': " + e.getMessage());
        }
    }
}
