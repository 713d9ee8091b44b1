/**
 * The Java function runtime: a {@code com.sun.net.httpserver} server that answers {@code /_/health} and hands
 * every other call to one function loaded in its own class loader. {@link dev.faas.runtime.Main} reads the
 * environment; {@link dev.faas.runtime.RuntimeServer} does the work and can be started in tests.
 */
package dev.faas.runtime;
