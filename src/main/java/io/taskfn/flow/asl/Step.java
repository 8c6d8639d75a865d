package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a state sends the execution and with what: no next state means the branch ends. */
record Step(State next, JsonNode output) {}
