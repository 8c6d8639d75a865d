package io.taskfn.flow.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The functions Step Functions adds to JSONata: {@code $partition}, {@code $range}, {@code $hash},
 * {@code $random}, {@code $uuid}, {@code $parse}. They share their rules with the intrinsic
 * functions of the same meaning.
 */
final class JsonataFunctions {
  private JsonataFunctions() {}

  static void bindAll(Jsonata.Frame frame) {
    frame.bind(
        "partition",
        (Jsonata.Fn2<List<Object>, Number, List<Object>>)
            (array, size) -> {
              int chunk = size.intValue();
              if (chunk <= 0) {
                throw new JException("$partition: the chunk size must be greater than 0", 0);
              }
              List<Object> out = new ArrayList<>();
              for (int i = 0; i < array.size(); i += chunk) {
                out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + chunk))));
              }
              return out;
            });
    // Variadic functions are only called when wrapped with Jsonata.function.
    frame.bind(
        "range",
        Jsonata.function(
            "range",
            (Jsonata.FnVarArgs<Object>)
                args -> {
                  long start = ((Number) args.get(0)).longValue();
                  long end = ((Number) args.get(1)).longValue();
                  long step = args.size() > 2 ? ((Number) args.get(2)).longValue() : 1;
                  if (step == 0) {
                    throw new JException("$range: the step must not be 0", 0);
                  }
                  List<Object> out = new ArrayList<>();
                  for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                    out.add(v);
                  }
                  // A one-item sequence is its item in JSONata.
                  return out.size() == 1 ? out.get(0) : out;
                },
            null));
    frame.bind(
        "hash",
        (Jsonata.Fn2<String, String, String>) (data, algorithm) -> Intrinsic.hash(data, algorithm));
    frame.bind(
        "random",
        Jsonata.function(
            "random",
            (Jsonata.FnVarArgs<Double>)
                args ->
                    args.isEmpty() || !(args.get(0) instanceof Number seed)
                        ? ThreadLocalRandom.current().nextDouble()
                        : new Random(seed.longValue()).nextDouble(),
            null));
    frame.bind("uuid", (Jsonata.Fn0<String>) () -> UUID.randomUUID().toString());
    frame.bind(
        "parse",
        (Jsonata.Fn1<String, Object>)
            text -> {
              try {
                return JsonataTemplate.toJsonata(Json.parse(text));
              } catch (IllegalArgumentException e) {
                throw new JException("$parse: not valid JSON: " + TextNode.valueOf(text), 0);
              }
            });
  }
}
