package io.taskfn.api;

import java.util.Map;

/** An error as it goes on the wire: status, extra headers and the family's envelope. */
public record ErrorResponse(int httpStatus, Map<String, String> headers, Object body) {}
