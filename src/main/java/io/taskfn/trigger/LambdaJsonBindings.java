package io.taskfn.trigger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * In a Lambda ({@code taskfn.lambda.function} set), readers and writers build their Jackson
 * (de)serializers when first used rather than when made. Funqy's HTTP binding makes a reader and a
 * writer for every function at start, from a copy of this mapper; building them all would
 * introspect the request and response types of all families before a Lambda, which serves one
 * function and no HTTP, answers its first event. A server keeps Jackson's eager default: its HTTP
 * binding serves them all.
 */
@Singleton
public class LambdaJsonBindings implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    // Read from the configuration itself: the mapper is built during Quarkus' static init, before
    // beans can have runtime configuration injected. The name is FunctionLambdaHandler's, spelled
    // again: that class is left out of the server-only build, which this one is part of.
    boolean lambda =
        ConfigProvider.getConfig()
            .getOptionalValue("taskfn.lambda.function", String.class)
            .isPresent();
    if (lambda) {
      mapper.disable(DeserializationFeature.EAGER_DESERIALIZER_FETCH);
      mapper.disable(SerializationFeature.EAGER_SERIALIZER_FETCH);
    }
  }
}
