package dev.faas.cli.stack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The {@code provider} section of a stack file. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Provider(String name, String gateway) {
}
