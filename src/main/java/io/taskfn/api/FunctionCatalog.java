package io.taskfn.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions declared in {@code functions.yaml}, the single source of deployment facts: the
 * family whose envelope a function's errors use ({@link ErrorEnvelopes} checks that each family has
 * one), and its timeout.
 */
public final class FunctionCatalog {

  public static final String RESOURCE = "functions.yaml";

  @RegisterForReflection
  record FunctionsFile(
      @JsonProperty(value = "functions", required = true) List<FunctionSpec> functions) {}

  private final Map<String, FunctionSpec> byName;

  private FunctionCatalog(Map<String, FunctionSpec> byName) {
    this.byName = byName;
  }

  /** Reads {@code functions.yaml} from the classpath. */
  public static FunctionCatalog loadFromClasspath() {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return parse(in);
    } catch (IOException e) {
      throw new IllegalStateException("could not read " + RESOURCE, e);
    }
  }

  public static FunctionCatalog parse(InputStream yaml) throws IOException {
    ObjectMapper mapper =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    FunctionsFile file = mapper.readValue(yaml, FunctionsFile.class);
    Map<String, FunctionSpec> byName = new LinkedHashMap<>();
    for (FunctionSpec spec : file.functions()) {
      if (spec.timeoutSeconds() <= 0) {
        throw new IllegalStateException(spec.name() + ": timeoutSeconds must be positive");
      }
      if (byName.put(spec.name(), spec) != null) {
        throw new IllegalStateException(RESOURCE + " declares " + spec.name() + " twice");
      }
    }
    return new FunctionCatalog(byName);
  }

  public Optional<FunctionSpec> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<FunctionSpec> all() {
    return byName.values();
  }

  public Duration timeout(String name) {
    FunctionSpec spec = byName.get(name);
    if (spec == null) {
      throw new IllegalArgumentException(name + " is not declared in " + RESOURCE);
    }
    return Duration.ofSeconds(spec.timeoutSeconds());
  }

  /** The family of a function; taskfn's own for names the catalog does not know. */
  public String familyOf(String name) {
    return find(name).map(FunctionSpec::family).orElse(TaskfnErrorEnvelope.FAMILY);
  }
}
