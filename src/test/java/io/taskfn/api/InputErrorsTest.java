package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** Where a text a parameter holds is not valid, for messages that do not quote the parser. */
class InputErrorsTest {

  @Test
  void aJsonOrYamlTextIsPlacedByLineAndColumn() {
    JsonProcessingException json =
        assertThrows(
            JsonProcessingException.class, () -> new ObjectMapper().readTree("{\n  \"a\": NaN}"));
    assertEquals("line 2, column 11", InputErrors.where(json));
    JsonProcessingException yaml =
        assertThrows(
            JsonProcessingException.class,
            () -> new ObjectMapper(new YAMLFactory()).readTree("a: [1,\n  2"));
    assertEquals("line 2, column 4", InputErrors.where(yaml));
  }
}
