package io.taskfn.flow.asl;

/** A state machine definition that breaks the States Language: names the state and field. */
public class AslDefinitionException extends RuntimeException {

  public AslDefinitionException(String location, String message) {
    super(location == null ? message : location + ": " + message);
  }
}
