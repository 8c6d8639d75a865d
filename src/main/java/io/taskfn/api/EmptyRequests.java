package io.taskfn.api;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/** A request with every parameter absent, for a call that came with an empty body. */
public final class EmptyRequests {
  private EmptyRequests() {}

  public static <T> T of(Class<T> recordType) {
    RecordComponent[] components = recordType.getRecordComponents();
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    try {
      return recordType.getDeclaredConstructor(types).newInstance(new Object[components.length]);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(recordType + " is not a request record of boxed fields", e);
    }
  }
}
