package io.taskfn.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One function as declared in {@code functions.yaml}. */
@RegisterForReflection
public record FunctionSpec(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "family", required = true) String family,
    @JsonProperty(value = "timeoutSeconds", required = true) int timeoutSeconds,
    @JsonProperty(value = "memoryMb", required = true) int memoryMb,
    @JsonProperty(value = "route", required = true) String route,
    @JsonProperty("schedule") String schedule) {}
