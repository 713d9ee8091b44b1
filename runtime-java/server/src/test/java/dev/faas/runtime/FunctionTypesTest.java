package dev.faas.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.faas.runtime.fixtures.Greeting;
import dev.faas.runtime.fixtures.GreetingFunction;
import dev.faas.runtime.fixtures.Reply;
import java.lang.reflect.Type;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FunctionTypesTest {

    abstract static class Base<T> implements Function<T, String> {
    }

    static class Concrete extends Base<Integer> {
        @Override
        public String apply(Integer value) {
            return String.valueOf(value);
        }
    }

    interface Transformer<A> extends Function<A, A> {
    }

    static class Upper implements Transformer<String> {
        @Override
        public String apply(String s) {
            return s.toUpperCase();
        }
    }

    @SuppressWarnings("rawtypes")
    static class Raw implements Function {
        @Override
        public Object apply(Object o) {
            return o;
        }
    }

    @Test
    void resolvesDirectImplementations() {
        assertArrayEquals(new Type[] {Greeting.class, Reply.class}, FunctionTypes.of(GreetingFunction.class));
    }

    @Test
    void resolvesThroughGenericSuperclassesAndInterfaces() {
        assertArrayEquals(new Type[] {Integer.class, String.class}, FunctionTypes.of(Concrete.class));
        assertArrayEquals(new Type[] {String.class, String.class}, FunctionTypes.of(Upper.class));
    }

    @Test
    void rawFunctionsWorkOnPlainJsonValues() {
        assertArrayEquals(new Type[] {Object.class, Object.class}, FunctionTypes.of(Raw.class));
    }
}
