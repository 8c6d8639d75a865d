package io.taskfn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskfn.support.Dynalite;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract on dynalite, each test on a new table created as a server would create it. */
class DynamoStoreBackendTest extends StoreBackendContract {

  private static Dynalite dynalite;
  private static final AtomicInteger tables = new AtomicInteger();
  private String table;

  @BeforeAll
  static void startDynalite() throws Exception {
    dynalite = Dynalite.start();
  }

  @AfterAll
  static void stopDynalite() throws Exception {
    dynalite.close();
  }

  @Override
  protected StoreBackend open() {
    table = "contract" + tables.incrementAndGet();
    return dynalite.newStore(table);
  }

  /**
   * A writer killed after its record write but before it moved the counts (as SIGKILL would leave
   * it): once its pending mark is past its lease, a count settles the record.
   */
  @Test
  void countsSettleAWriteWhoseWriterDiedBeforeMovingThem() {
    store.countIndex("inst", IndexSlot.INDEX2);
    StoredRecord r = store.insert(record("inst", "a", "{}").withIndexes("j", "j/running"));
    String partition = DynamoStoreBackend.partition("inst", "t1");
    try (DynamoDbClient client = dynalite.client()) {
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(DynamoStoreBackend.keyOf(r.key()))
                  .updateExpression("SET #i2 = :done, #g2s = :g2s, #pt = :t, #pu = :u, #pp = :p")
                  .expressionAttributeNames(
                      Map.of(
                          "#i2", DynamoStoreBackend.INDEX2,
                          "#g2s", DynamoStoreBackend.INDEX2_SK,
                          "#pt", DynamoStoreBackend.PENDING_TOKEN,
                          "#pu", DynamoStoreBackend.PENDING_UNTIL,
                          "#pp", DynamoStoreBackend.PENDING_PK))
                  .expressionAttributeValues(
                      Map.of(
                          ":done", AttributeValue.fromS("j/done"),
                          ":g2s", AttributeValue.fromS("j/done\u0001a"),
                          ":t", AttributeValue.fromS("tdeadwriter"),
                          ":u", AttributeValue.fromN("0"),
                          ":p", AttributeValue.fromS(partition))));
    }
    assertEquals(0, store.count("inst", "t1", IndexSlot.INDEX2, "j/running"));
    assertEquals(1, store.count("inst", "t1", IndexSlot.INDEX2, "j/done"));
    StoredRecord settled = store.find(r.key()).orElseThrow();
    store.replace(settled.withIndexes("j", "j/failed"));
    assertEquals(0, store.count("inst", "t1", IndexSlot.INDEX2, "j/done"));
    assertEquals(1, store.count("inst", "t1", IndexSlot.INDEX2, "j/failed"));
  }
}
