package io.taskfn.store;

class InMemoryStoreBackendTest extends StoreBackendContract {
  @Override
  protected StoreBackend open() {
    return new InMemoryStoreBackend();
  }
}
