package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** functions.yaml and the @Funq functions must name the same set, both ways. */
@QuarkusTest
class FunctionsYamlTest {

  @Inject FunctionCatalog catalog;

  @Test
  void everyFunctionIsDeclaredAndEveryDeclarationIsAFunction() {
    Set<String> functions =
        FunctionRecorder.registry.invokers().stream()
            .map(FunctionInvoker::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> declared =
        catalog.all().stream()
            .map(FunctionSpec::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(functions.contains("ExecuteJob"), functions.toString());
    assertEquals(declared, functions);
  }

  @Test
  void everyDeclarationRoutesToItsName() {
    for (FunctionSpec spec : catalog.all()) {
      assertEquals("/" + spec.name(), spec.route(), spec.name());
    }
  }
}
