/**
 * The API a Java function compiles against: implement {@link dev.faas.function.Handler} for full HTTP
 * control, or a plain {@code java.util.function.Function<I, O>} whose input and output the runtime maps
 * from and to JSON (records, POJOs, {@code Map}, {@code List}, strings, numbers, booleans; a {@code String}
 * input receives the raw body text and a {@code byte[]} input the raw body bytes).
 *
 * <p>The package has no dependencies so that a function's class path stays its own.
 */
package dev.faas.function;
