package io.taskfn.api;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper for JSON the server reads and writes apart from requests (see {@link StrictJson}) and
 * stored records: job attributes and parameters, outbound bodies and the answers to them, report
 * data. Jackson's defaults. A mapper is thread-safe and keeps what it learns of each type, so the
 * families share this one rather than each building and warming its own.
 */
public final class PlainJson {
  private PlainJson() {}

  public static final ObjectMapper MAPPER = new ObjectMapper();
}
