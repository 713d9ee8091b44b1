package dev.faas.router.proxy;

import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.error.RouterException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionPathTest {

    @Test
    void theNamespaceDefaultsAndOpenfaasFnIsAnAlias() {
        FunctionRef expected = new FunctionRef("default", "hello");
        assertEquals(expected, FunctionPath.parse("/function/hello").ref());
        assertEquals(expected, FunctionPath.parse("/function/hello.default").ref());
        assertEquals(expected, FunctionPath.parse("/function/hello.openfaas-fn/x").ref());
        assertEquals(new FunctionRef("team-a", "hello"), FunctionPath.parse("/function/hello.team-a").ref());
    }

    @Test
    void thePrefixIsStrippedKeepingTheRawRest() {
        assertEquals("/", FunctionPath.parse("/function/cart").downstream());
        assertEquals("/", FunctionPath.parse("/function/cart/").downstream());
        assertEquals("/items/a%2Fb", FunctionPath.parse("/function/cart.shop/items/a%2Fb").downstream());
    }

    @Test
    void invalidNamesAreRejectedWithTheReason() {
        RouterException missing = assertThrows(RouterException.class, () -> FunctionPath.parse("/function/"));
        assertEquals(400, missing.status().getCode());
        RouterException upper = assertThrows(RouterException.class, () -> FunctionPath.parse("/function/Hello"));
        assertTrue(upper.getMessage().contains("invalid function name 'Hello'"));
        RouterException ns = assertThrows(RouterException.class, () -> FunctionPath.parse("/function/a.b_c"));
        assertTrue(ns.getMessage().contains("invalid namespace 'b_c'"));
        assertThrows(RouterException.class, () -> FunctionPath.parse("/function/" + "a".repeat(64)));
        for (String bad : new String[] {"-a", "a-", "-", "a.", "a b", "a%20b", "\u00e9t\u00e9"}) {
            assertThrows(RouterException.class, () -> FunctionPath.parse("/function/" + bad), bad);
        }
        for (String good : new String[] {"a", "0", "a-b", "a--b", "9lives", "a".repeat(63)}) {
            assertEquals(good, FunctionPath.parse("/function/" + good).ref().name());
        }
    }

    @Test
    void newCallIdsAreVersion4UuidsAndDistinct() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            java.util.UUID id = java.util.UUID.fromString(CallHeaders.newCallId());
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            ids.add(id.toString());
        }
        assertEquals(10_000, ids.size());
    }
}
