/**
 * A compact JSON codec for the runtime: {@link dev.faas.runtime.json.JsonParser} reads text into plain
 * Java values, {@link dev.faas.runtime.json.JsonWriter} writes values as text, and
 * {@link dev.faas.runtime.json.JsonBinder} maps parsed values onto records, POJOs and collections.
 * Hand-written so the runtime has no dependencies and loads only the classes it uses.
 */
package dev.faas.runtime.json;
