package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A state whose work can fail and be retried or caught (Task, Parallel, Map): each attempt runs
 * under its Retry and Catch.
 */
abstract class RecoverableState extends State {

  private final ErrorHandling errors;
  private final JsonataTemplate arguments;

  /** Fields every recoverable state has, besides its own. */
  private static final Set<String> RECOVERABLE_FIELDS =
      Set.of(
          "Parameters",
          "ResultPath",
          "ResultSelector",
          "InputPath",
          "OutputPath",
          "Retry",
          "Catch",
          "Assign",
          "Output");

  RecoverableState(String name, Fields f, QueryLanguage language, Set<String> ownFields) {
    super(
        name,
        f,
        language,
        Stream.concat(RECOVERABLE_FIELDS.stream(), ownFields.stream()).collect(Collectors.toSet()),
        false);
    this.errors = new ErrorHandling(f, this.language);
    this.arguments =
        f.has("Arguments")
            ? JsonataTemplate.compile(f.get("Arguments"), "Arguments", f.where("Arguments"))
            : null;
  }

  /** One attempt of the state's work, giving the state's output. */
  abstract JsonNode attempt(Frame frame, JsonNode input) throws InterruptedException;

  /** What the work acts on: Arguments (JSONata), or the input after InputPath and Parameters. */
  JsonNode workInput(Frame frame, JsonNode input) {
    if (language == QueryLanguage.JSONATA) {
      return arguments == null
          ? input
          : arguments.evaluate(frame, jsonataStates(frame, input, null, null));
    }
    return effectiveInput(frame, input);
  }

  @Override
  boolean canRetry() {
    return true;
  }

  @Override
  void link(Map<String, State> states, String location) {
    super.link(states, location);
    errors.link(states, location + "." + name);
  }

  @Override
  List<State> successors() {
    return Stream.concat(super.successors().stream(), errors.successors().stream()).toList();
  }

  /**
   * After a failed attempt: a failed evaluation of the state's own fields gets its EvaluationFailed
   * event here, before any retry or catch.
   */
  void attemptFailed(Frame frame, FlowFailure failure) {
    if (!failure.evaluationFailedRecorded()) {
      StateMachine.recordEvaluationFailed(frame, this, failure);
      frame.stateFailurePending(true);
    }
  }

  /** The event that closes a failure of the state not retried (MapStateFailed); null if none. */
  String failedEventType() {
    return null;
  }

  /** Writes the state's failed event when its failure is not retried, before Catch takes it. */
  void failedFinally(Frame frame) {
    if (frame.stateFailurePending() && failedEventType() != null) {
      frame.record(failedEventType(), null);
    }
    frame.stateFailurePending(false);
  }

  @Override
  Step execute(Frame frame, JsonNode input) throws InterruptedException {
    return errors.run(this, frame, input, () -> attempt(frame, input), next);
  }
}
