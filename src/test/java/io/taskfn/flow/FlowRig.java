package io.taskfn.flow;

import io.taskfn.api.FunctionCatalog;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.dispatch.DueWorkHandler;
import io.taskfn.flow.asl.Sleeper;
import io.taskfn.flow.asl.TaskInvoker;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.TestDispatchConfig;
import io.taskfn.support.TestRetention;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The flows service built by hand over a store, with its dispatcher: no Quarkus. */
record FlowRig(FlowService service, Dispatcher dispatcher, FlowRunner runner) {

  static FunctionCatalog catalog(int syncTimeoutSeconds) throws Exception {
    String yaml =
        "functions:\n  - {name: StartSyncExecution, family: flows, timeoutSeconds: "
            + syncTimeoutSeconds
            + ", memoryMb: 256, route: /StartSyncExecution}\n"
            + "  - {name: DescribeExecution, family: flows, timeoutSeconds: 65, memoryMb: 256,"
            + " route: /DescribeExecution}\n";
    return FunctionCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  static FlowRig of(
      StoreBackend store,
      Clock clock,
      Sleeper sleeper,
      TaskInvoker tasks,
      FunctionCatalog catalog) {
    return of(store, clock, sleeper, tasks, catalog, TestFlowConfig.DEFAULT);
  }

  static FlowRig of(
      StoreBackend store,
      Clock clock,
      Sleeper sleeper,
      TaskInvoker tasks,
      FunctionCatalog catalog,
      FlowConfig config) {
    List<DueWorkHandler> handlers = new ArrayList<>();
    Dispatcher dispatcher =
        new Dispatcher(store, clock, new TestDispatchConfig(Duration.ofSeconds(60), 2), handlers);
    FlowRepository repository = new FlowRepository(store, TestRetention.DEFAULT);
    FlowRunner runner = new FlowRunner(config);
    FlowService service =
        new FlowService(repository, tasks, catalog, clock, sleeper, runner, dispatcher);
    handlers.add(new StandardExecutionRunner(repository, service, runner, config, clock));
    return new FlowRig(service, dispatcher, runner);
  }

  /** A definition written with single quotes, for readability in Java strings. */
  static String definition(String json) {
    return json.replace('\'', '"');
  }
}
