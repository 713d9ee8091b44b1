package dev.faas.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallContextTest {

    @Test
    void exposesFunctionAndCallData() {
        CallContext context = new CallContext("cart", "shop", "init", "http://gw", Map.of("SECRET", "hunter2"));
        CallContext call = context.withCallId("c-1");

        assertEquals("cart", call.functionName());
        assertEquals("shop", call.namespace());
        assertEquals("c-1", call.callId());
        assertEquals("http://gw", call.gateway());
        assertEquals("hunter2", call.env("SECRET"));
        assertNotNull(call.logger());
        assertFalse(call.toString().contains("hunter2"), "environment must stay out of toString");
    }

    @Test
    void testContextHasDefaults() {
        Context context = Context.of("hello");
        assertEquals("hello", context.functionName());
        assertEquals("default", context.namespace());
        assertEquals(null, context.env("HOME"));
    }
}
