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
    }
}
