package io.taskfn.api;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one place where an {@link ApiException} becomes an error envelope: the envelope of the family
 * {@code functions.yaml} gives the function, or taskfn's own for a name no function has.
 */
@Startup
@ApplicationScoped
public class ErrorEnvelopes {

  private final Map<String, ErrorEnvelope> byFamily = new HashMap<>();
  private final FunctionCatalog catalog;

  @Inject
  public ErrorEnvelopes(Instance<ErrorEnvelope> envelopes, FunctionCatalog catalog) {
    this(envelopes.stream().toList(), catalog);
  }

  /**
   * @throws IllegalStateException when two envelopes claim one family or a function's family has
   *     none: found at start rather than at a client's first error
   */
  public ErrorEnvelopes(Collection<ErrorEnvelope> envelopes, FunctionCatalog catalog) {
    this.catalog = catalog;
    for (ErrorEnvelope envelope : envelopes) {
      ErrorEnvelope before = byFamily.put(envelope.family(), envelope);
      if (before != null) {
        throw new IllegalStateException(
            "two error envelopes for the family "
                + envelope.family()
                + ": "
                + before.getClass().getName()
                + " and "
                + envelope.getClass().getName());
      }
    }
    for (FunctionSpec spec : catalog.all()) {
      if (!byFamily.containsKey(spec.family())) {
        throw new IllegalStateException(
            FunctionCatalog.RESOURCE
                + " gives "
                + spec.name()
                + " the family '"
                + spec.family()
                + "', which has no error envelope; families: "
                + new TreeSet<>(byFamily.keySet()));
      }
    }
    if (!byFamily.containsKey(TaskfnErrorEnvelope.FAMILY)) {
      throw new IllegalStateException("no error envelope for unknown functions (taskfn)");
    }
  }

  /**
   * The longest message an error carries. Messages that quote a request cut the quoted values
   * ({@link Echo}); this bounds those that do not yet, whichever family built them.
   */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  /** The rejection of a call to {@code function}, as that function's family shows it. */
  public ErrorResponse render(String function, ApiException e, String requestId) {
    ApiException shown =
        e.getMessage() != null && e.getMessage().length() > MAX_MESSAGE_LENGTH
            ? new ApiException(
                e.httpStatus(),
                e.vendorCode(),
                Echo.cut(e.getMessage(), MAX_MESSAGE_LENGTH),
                e.target())
            : e;
    return byFamily.get(catalog.familyOf(function)).render(function, shown, requestId);
  }
}
