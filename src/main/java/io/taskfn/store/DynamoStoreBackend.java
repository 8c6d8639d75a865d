package io.taskfn.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The backend of a Lambda deployment: one DynamoDB table in a single-table design. A record is an
 * item keyed by (kind and tenant, id); its two index slots, its due time and its expiry are copied
 * into the keys of four global secondary indexes (index1, index2, due, expiry), the due and expiry
 * ones spread over {@link #SHARDS} partitions each so that no single partition key takes every
 * write. Every compare-and-set is a conditional write on the item's version; counters and index
 * counts are items changed by atomic updates.
 *
 * <p>Index counts and the record they count can not be written together: the open emulator the
 * tests run against (dynalite) has no TransactWriteItems. So a write to a counted kind marks the
 * item pending with a token, moves the counts with updates that the token makes idempotent (a count
 * item remembers the tokens it applied until the record is settled), then settles the item, which
 * records what it is now counted under. A writer that dies in between leaves the item pending; once
 * the pending mark is older than {@link #PENDING_LEASE}, the next writer of that record, or {@link
 * #count}, settles it. Counts are therefore exact as long as no writer stalls longer than that
 * lease between its write and its settle — the same assumption the dispatcher's leases make.
 *
 * <p>Listings read global secondary indexes, which DynamoDB keeps eventually consistent: a record
 * written a moment ago may be missing from a listing for that moment (dynalite has no such delay).
 * Finding and claiming due work stays safe under it, as every claim is a conditional write.
 */
public final class DynamoStoreBackend implements StoreBackend {

  private static final Logger LOG = Logger.getLogger(DynamoStoreBackend.class);

  /** How many partitions the due and expiry indexes spread their entries over. */
  static final int SHARDS = 4;

  /**
   * Entries read per page of the due index: leased records stay in it while they run and are
   * filtered out after the read, so a page of just {@code limit} could hold nothing claimable.
   */
  private static final int DUE_PAGE = 200;

  /** How long a pending count change belongs to its writer before others settle it. */
  static final long PENDING_LEASE = TimeUnit.SECONDS.toMillis(60);

  /** Joins the parts of a key; sorts before every character an id or index value holds. */
  private static final String SEP = "\u0001";

  static final String PK = "pk";
  static final String SK = "sk";
  private static final String VERSION = "v";
  private static final String DATA = "d";
  private static final String INDEX1 = "i1";
  static final String INDEX2 = "i2";
  private static final String DUE = "due";
  private static final String LEASE_OWNER = "lo";
  private static final String LEASE_UNTIL = "lu";
  private static final String EXPIRES = "exp";

  /** The attribute by which DynamoDB expires records (its time to live). */
  public static final String TTL = "ttl";

  private static final String INDEX1_PK = "g1p";
  private static final String INDEX1_SK = "g1s";
  private static final String INDEX2_PK = "g2p";
  static final String INDEX2_SK = "g2s";
  private static final String DUE_PK = "dp";
  private static final String DUE_SK = "ds";
  private static final String EXPIRY_PK = "ep";
  private static final String EXPIRY_SK = "es";
  private static final String COUNTED1 = "c1";
  private static final String COUNTED2 = "c2";
  static final String PENDING_TOKEN = "pt";
  static final String PENDING_UNTIL = "pu";
  private static final String PENDING_DELETE = "px";
  static final String PENDING_PK = "pp";
  private static final String COUNT = "n";

  private static final String GSI_INDEX1 = "index1";
  private static final String GSI_INDEX2 = "index2";
  private static final String GSI_DUE = "due";
  private static final String GSI_EXPIRY = "expiry";
  private static final String GSI_PENDING = "pending";

  private final DynamoDbClient client;
  private final String table;
  private final boolean ownsClient;
  private final Set<String> countedSlots = ConcurrentHashMap.newKeySet();

  /**
   * @param ownsClient whether {@link #close} closes the client (not when a container made it)
   */
  public DynamoStoreBackend(DynamoDbClient client, String table, boolean ownsClient) {
    this.client = client;
    this.table = table;
    this.ownsClient = ownsClient;
  }

  /**
   * The table this backend works on, named {@code table}: its keys and global secondary indexes.
   * The deployment template declares the same table from it, so the two never differ.
   */
  public static CreateTableRequest tableRequest(String table) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (String name :
        List.of(
            PK, SK, INDEX1_PK, INDEX1_SK, INDEX2_PK, INDEX2_SK, DUE_PK, EXPIRY_PK, PENDING_PK)) {
      attributes.add(attribute(name, ScalarAttributeType.S));
    }
    attributes.add(attribute(DUE_SK, ScalarAttributeType.N));
    attributes.add(attribute(EXPIRY_SK, ScalarAttributeType.N));
    return CreateTableRequest.builder()
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attributes)
        .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
        .globalSecondaryIndexes(
            index(GSI_INDEX1, INDEX1_PK, INDEX1_SK, ProjectionType.ALL),
            index(GSI_INDEX2, INDEX2_PK, INDEX2_SK, ProjectionType.ALL),
            index(GSI_DUE, DUE_PK, DUE_SK, ProjectionType.ALL),
            index(GSI_EXPIRY, EXPIRY_PK, EXPIRY_SK, ProjectionType.KEYS_ONLY),
            index(GSI_PENDING, PENDING_PK, SK, ProjectionType.KEYS_ONLY))
        .build();
  }

  /**
   * Creates the table with its indexes, unless it exists, waits until it is active, and turns on
   * expiry by the {@code ttl} attribute where the endpoint supports it.
   */
  public void createTable() {
    try {
      client.createTable(tableRequest(table));
    } catch (ResourceInUseException alreadyThere) {
      // another server created it first
    }
    // The waiter succeeds once the table is ACTIVE; its default 20 s between polls would hold a
    // start far longer than a new table takes.
    try (DynamoDbWaiter waiter =
        DynamoDbWaiter.builder()
            .client(client)
            .overrideConfiguration(
                w ->
                    w.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .waitTimeout(Duration.ofMinutes(5)))
            .build()) {
      waiter.waitUntilTableExists(b -> b.tableName(table));
    }
    try {
      client.updateTimeToLive(
          b -> b.tableName(table).timeToLiveSpecification(s -> s.attributeName(TTL).enabled(true)));
    } catch (DynamoDbException e) {
      // dynalite has no UpdateTimeToLive, and DynamoDB refuses to turn on what is already on;
      // expired records are removed by deleteExpired either way.
      LOG.infof("expiry by the %s attribute not turned on: %s", TTL, e.getMessage());
    }
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static GlobalSecondaryIndex index(
      String name, String hash, String range, ProjectionType projection) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE))
        .projection(p -> p.projectionType(projection))
        .build();
  }

  // ---- keys and items

  static String partition(String kind, String tenant) {
    return kind + SEP + tenant;
  }

  static Map<String, AttributeValue> keyOf(RecordKey key) {
    return Map.of(PK, s("r" + SEP + partition(key.kind(), key.tenant())), SK, s(key.id()));
  }

  private static Map<String, AttributeValue> countKey(
      String kind, String tenant, IndexSlot slot, String value) {
    return Map.of(PK, s("c" + SEP + partition(kind, tenant)), SK, s(slot.ordinal() + SEP + value));
  }

  private static int shard(RecordKey key) {
    return Math.floorMod((key.tenant() + SEP + key.id()).hashCode(), SHARDS);
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** The record's attributes besides its key and version; null where the record has no value. */
  private Map<String, AttributeValue> body(StoredRecord r) {
    Map<String, AttributeValue> body = new HashMap<>();
    String partition = partition(r.kind(), r.tenant());
    body.put(DATA, s(r.data()));
    body.put(INDEX1, r.index1() == null ? null : s(r.index1()));
    body.put(INDEX2, r.index2() == null ? null : s(r.index2()));
    body.put(INDEX1_PK, r.index1() == null ? null : s(partition));
    body.put(INDEX1_SK, r.index1() == null ? null : s(r.index1() + SEP + r.id()));
    body.put(INDEX2_PK, r.index2() == null ? null : s(partition));
    body.put(INDEX2_SK, r.index2() == null ? null : s(r.index2() + SEP + r.id()));
    body.put(DUE, millis(r.dueAt()));
    body.put(DUE_PK, r.dueAt() == null ? null : s(r.kind() + SEP + shard(r.key())));
    body.put(DUE_SK, millis(r.dueAt()));
    body.put(LEASE_OWNER, r.leaseOwner() == null ? null : s(r.leaseOwner()));
    body.put(LEASE_UNTIL, millis(r.leaseUntil()));
    body.put(EXPIRES, millis(r.expiresAt()));
    body.put(EXPIRY_PK, r.expiresAt() == null ? null : s("e" + SEP + shard(r.key())));
    body.put(EXPIRY_SK, millis(r.expiresAt()));
    // DynamoDB's own expiry removes items without touching index counts, so counted kinds are
    // left to deleteExpired alone.
    body.put(
        TTL,
        r.expiresAt() == null || isCounted(r.kind())
            ? null
            : n(r.expiresAt().getEpochSecond() + 1));
    return body;
  }

  private static AttributeValue millis(Instant instant) {
    return instant == null ? null : n(instant.toEpochMilli());
  }

  private static StoredRecord read(Map<String, AttributeValue> item) {
    String pk = item.get(PK).s();
    int cut = pk.indexOf(SEP, 2);
    return new StoredRecord(
        pk.substring(2, cut),
        pk.substring(cut + 1),
        item.get(SK).s(),
        Long.parseLong(item.get(VERSION).n()),
        item.get(DATA).s(),
        text(item, INDEX1),
        text(item, INDEX2),
        instant(item, DUE),
        text(item, LEASE_OWNER),
        instant(item, LEASE_UNTIL),
        instant(item, EXPIRES));
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
  }

  /** An update expression that sets the non-null values and removes the null ones. */
  private record Update(
      String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    static Update of(Map<String, AttributeValue> changes) {
      List<String> set = new ArrayList<>();
      List<String> remove = new ArrayList<>();
      Map<String, String> names = new HashMap<>();
      Map<String, AttributeValue> values = new HashMap<>();
      int i = 0;
      for (Map.Entry<String, AttributeValue> change : new TreeMap<>(changes).entrySet()) {
        String name = "#a" + i;
        names.put(name, change.getKey());
        if (change.getValue() == null) {
          remove.add(name);
        } else {
          set.add(name + " = :a" + i);
          values.put(":a" + i, change.getValue());
        }
        i++;
      }
      String expression =
          (set.isEmpty() ? "" : "SET " + String.join(", ", set))
              + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
      return new Update(expression.trim(), names, values);
    }
  }

  // ---- records

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    Map<String, AttributeValue> item = getItem(keyOf(key));
    return item == null ? Optional.empty() : Optional.of(read(item));
  }

  private Map<String, AttributeValue> getItem(Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item =
        client.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    StoredRecord stored = record.withVersion(1);
    Map<String, AttributeValue> item = new HashMap<>(keyOf(stored.key()));
    body(stored)
        .forEach(
            (name, value) -> {
              if (value != null) {
                item.put(name, value);
              }
            });
    item.put(VERSION, n(1));
    String token = isCounted(stored.kind()) ? markPending(item, stored.key(), false) : null;
    try {
      client.putItem(
          b ->
              b.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#pk)")
                  .expressionAttributeNames(Map.of("#pk", PK)));
    } catch (ConditionalCheckFailedException e) {
      throw new DuplicateRecordException(record.key());
    }
    if (token != null) {
      settle(stored.key(), item);
    }
    return stored;
  }

  /** Marks an item as holding count changes not yet applied, and returns the mark's token. */
  private static String markPending(
      Map<String, AttributeValue> attributes, RecordKey key, boolean delete) {
    String token = "t" + UUID.randomUUID().toString().replace("-", "");
    attributes.put(PENDING_TOKEN, s(token));
    attributes.put(PENDING_UNTIL, n(System.currentTimeMillis() + PENDING_LEASE));
    attributes.put(PENDING_PK, s(partition(key.kind(), key.tenant())));
    if (delete) {
      attributes.put(PENDING_DELETE, AttributeValue.fromBool(true));
    }
    return token;
  }

  @Override
  public StoredRecord replace(StoredRecord record) {
    StoredRecord stored = record.withVersion(record.version() + 1);
    Map<String, AttributeValue> changes = body(stored);
    changes.put(VERSION, n(stored.version()));
    if (!isCounted(record.kind())) {
      conditionalUpdate(stored.key(), changes, record.version(), false);
      return stored;
    }
    markPending(changes, stored.key(), false);
    settle(stored.key(), conditionalUpdate(stored.key(), changes, record.version(), true));
    return stored;
  }

  @Override
  public void delete(RecordKey key, long expectedVersion) {
    if (!isCounted(key.kind())) {
      try {
        client.deleteItem(
            b ->
                b.tableName(table)
                    .key(keyOf(key))
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
      } catch (ConditionalCheckFailedException e) {
        throw new VersionConflictException(key, expectedVersion);
      }
      return;
    }
    Map<String, AttributeValue> changes = new HashMap<>();
    markPending(changes, key, true);
    settle(key, conditionalUpdate(key, changes, expectedVersion, true));
  }

  /**
   * Applies {@code changes} if the item is at {@code version}; for a counted kind also only once
   * the item's previous count changes are settled, settling them itself if their writer died.
   *
   * @return the item as written
   */
  private Map<String, AttributeValue> conditionalUpdate(
      RecordKey key, Map<String, AttributeValue> changes, long version, boolean counted) {
    Update update = Update.of(changes);
    Map<String, String> names = new HashMap<>(update.names());
    Map<String, AttributeValue> values = new HashMap<>(update.values());
    names.put("#v", VERSION);
    values.put(":expected", n(version));
    String condition = "#v = :expected";
    if (counted) {
      names.put("#pt", PENDING_TOKEN);
      condition += " AND attribute_not_exists(#pt)";
    }
    String finalCondition = condition;
    long backoff = 1;
    while (true) {
      try {
        return client
            .updateItem(
                b ->
                    b.tableName(table)
                        .key(keyOf(key))
                        .updateExpression(update.expression())
                        .conditionExpression(finalCondition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW))
            .attributes();
      } catch (ConditionalCheckFailedException e) {
        Map<String, AttributeValue> current = getItem(keyOf(key));
        if (!counted || current == null || Long.parseLong(current.get(VERSION).n()) != version) {
          throw new VersionConflictException(key, version);
        }
        if (!current.containsKey(PENDING_TOKEN)) {
          continue; // settled between the write and the read
        }
        // The write that made this version is still moving its counts: wait for it, or finish
        // its work if its writer is gone.
        if (!takeOverIfAbandoned(key, current)) {
          sleep(backoff);
          backoff = Math.min(backoff * 2, 50);
        }
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a pending write", e);
    }
  }

  /**
   * Settles a pending item whose writer's lease on it ran out, after taking the lease over.
   *
   * @return whether this call settled it
   */
  private boolean takeOverIfAbandoned(RecordKey key, Map<String, AttributeValue> item) {
    long until = Long.parseLong(item.get(PENDING_UNTIL).n());
    if (until >= System.currentTimeMillis()) {
      return false;
    }
    try {
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(keyOf(key))
                  .updateExpression("SET #pu = :next")
                  .conditionExpression("#pt = :token AND #pu = :until")
                  .expressionAttributeNames(Map.of("#pu", PENDING_UNTIL, "#pt", PENDING_TOKEN))
                  .expressionAttributeValues(
                      Map.of(
                          ":next",
                          n(System.currentTimeMillis() + PENDING_LEASE),
                          ":token",
                          item.get(PENDING_TOKEN),
                          ":until",
                          item.get(PENDING_UNTIL))));
    } catch (ConditionalCheckFailedException anotherTookIt) {
      return false;
    }
    LOG.infof("settling the index counts of %s, left pending by a writer that stopped", key);
    settle(key, item);
    return true;
  }

  /**
   * Moves the index counts from what a pending item is counted under to what it holds now (nothing,
   * if it is being deleted), then clears the mark, then lets the count items forget the token.
   */
  private void settle(RecordKey key, Map<String, AttributeValue> item) {
    String token = item.get(PENDING_TOKEN).s();
    boolean deleting = item.containsKey(PENDING_DELETE);
    Map<Map<String, AttributeValue>, Long> deltas = new HashMap<>();
    Map<String, AttributeValue> counted = new HashMap<>();
    for (IndexSlot slot : IndexSlot.values()) {
      if (!countedSlots.contains(key.kind() + "/" + slot)) {
        continue;
      }
      String countedName = slot == IndexSlot.INDEX1 ? COUNTED1 : COUNTED2;
      String before = text(item, countedName);
      String after = deleting ? null : text(item, slot == IndexSlot.INDEX1 ? INDEX1 : INDEX2);
      if (before != null) {
        deltas.merge(countKey(key.kind(), key.tenant(), slot, before), -1L, Long::sum);
      }
      if (after != null) {
        deltas.merge(countKey(key.kind(), key.tenant(), slot, after), 1L, Long::sum);
      }
      counted.put(countedName, after == null ? null : s(after));
    }
    deltas.values().removeIf(d -> d == 0);
    for (Map.Entry<Map<String, AttributeValue>, Long> delta : deltas.entrySet()) {
      try {
        client.updateItem(
            b ->
                b.tableName(table)
                    .key(delta.getKey())
                    .updateExpression("ADD #n :d SET #t = :one")
                    .conditionExpression("attribute_not_exists(#t)")
                    .expressionAttributeNames(Map.of("#n", COUNT, "#t", token))
                    .expressionAttributeValues(Map.of(":d", n(delta.getValue()), ":one", n(1))));
      } catch (ConditionalCheckFailedException alreadyApplied) {
        // this change was applied before its writer stopped, or by a writer that took over
      }
    }
    Map<String, String> names = Map.of("#pt", PENDING_TOKEN);
    Map<String, AttributeValue> values = Map.of(":token", s(token));
    try {
      if (deleting) {
        client.deleteItem(
            b ->
                b.tableName(table)
                    .key(keyOf(key))
                    .conditionExpression("#pt = :token")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
      } else {
        Map<String, AttributeValue> clear = new HashMap<>(counted);
        clear.put(PENDING_TOKEN, null);
        clear.put(PENDING_UNTIL, null);
        clear.put(PENDING_PK, null);
        Update update = Update.of(clear);
        Map<String, String> allNames = new HashMap<>(update.names());
        allNames.put("#ptc", PENDING_TOKEN);
        Map<String, AttributeValue> allValues = new HashMap<>(update.values());
        allValues.put(":token", s(token));
        client.updateItem(
            b ->
                b.tableName(table)
                    .key(keyOf(key))
                    .updateExpression(update.expression())
                    .conditionExpression("#ptc = :token")
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(allValues));
      }
    } catch (ConditionalCheckFailedException settledByAnother) {
      return; // whoever settled it forgets the token
    }
    for (Map<String, AttributeValue> countItem : deltas.keySet()) {
      try {
        client.updateItem(
            b ->
                b.tableName(table)
                    .key(countItem)
                    .updateExpression("REMOVE #t")
                    .conditionExpression("attribute_exists(#t)")
                    .expressionAttributeNames(Map.of("#t", token)));
      } catch (ConditionalCheckFailedException alreadyForgotten) {
        // nothing to forget
      }
    }
  }

  // ---- listings

  @Override
  public List<StoredRecord> scan(Scan scan) {
    String partition = partition(scan.kind(), scan.tenant());
    QueryRequest.Builder query =
        QueryRequest.builder()
            .tableName(table)
            .scanIndexForward(!scan.descending())
            .consistentRead(scan.slot() == null);
    Map<String, AttributeValue> start = null;
    if (scan.slot() == null) {
      Map<String, AttributeValue> values = new HashMap<>();
      values.put(":p", s("r" + SEP + partition));
      String condition = "#pk = :p";
      if (scan.value() != null) {
        condition += " AND begins_with(#sk, :v)";
        values.put(":v", s(scan.value()));
      }
      query
          .keyConditionExpression(condition)
          .expressionAttributeNames(
              scan.value() == null ? Map.of("#pk", PK) : Map.of("#pk", PK, "#sk", SK))
          .expressionAttributeValues(values);
      if (scan.after() != null) {
        start = keyOf(new RecordKey(scan.kind(), scan.tenant(), scan.after().id()));
      }
    } else {
      boolean first = scan.slot() == IndexSlot.INDEX1;
      String hash = first ? INDEX1_PK : INDEX2_PK;
      String range = first ? INDEX1_SK : INDEX2_SK;
      String value = scan.prefix() ? scan.value() : scan.value() + SEP;
      query
          .indexName(first ? GSI_INDEX1 : GSI_INDEX2)
          .keyConditionExpression("#h = :h AND begins_with(#r, :v)")
          .expressionAttributeNames(Map.of("#h", hash, "#r", range))
          .expressionAttributeValues(Map.of(":h", s(partition), ":v", s(value)));
      if (scan.after() != null) {
        start = new HashMap<>(keyOf(new RecordKey(scan.kind(), scan.tenant(), scan.after().id())));
        start.put(hash, s(partition));
        start.put(range, s(scan.after().indexValue() + SEP + scan.after().id()));
      }
    }
    return collect(query, start, scan.limit(), scan.limit(), item -> true);
  }

  /** Pages through a query until {@code limit} items that pass {@code keep} are read. */
  private List<StoredRecord> collect(
      QueryRequest.Builder query,
      Map<String, AttributeValue> start,
      int limit,
      int pageSize,
      java.util.function.Predicate<StoredRecord> keep) {
    List<StoredRecord> out = new ArrayList<>();
    Map<String, AttributeValue> next = start;
    do {
      QueryResponse page = client.query(query.exclusiveStartKey(next).limit(pageSize).build());
      for (Map<String, AttributeValue> item : page.items()) {
        StoredRecord r = read(item);
        if (keep.test(r) && out.size() < limit) {
          out.add(r);
        }
      }
      next =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (next != null && out.size() < limit);
    return out;
  }

  // ---- counts and counters

  @Override
  public void countIndex(String kind, IndexSlot slot) {
    countedSlots.add(kind + "/" + slot);
  }

  private boolean isCounted(String kind) {
    return countedSlots.contains(kind + "/" + IndexSlot.INDEX1)
        || countedSlots.contains(kind + "/" + IndexSlot.INDEX2);
  }

  @Override
  public long count(String kind, String tenant, IndexSlot slot, String value) {
    if (!countedSlots.contains(kind + "/" + slot)) {
      throw new IllegalStateException(slot + " of " + kind + " is not counted");
    }
    settleAbandoned(kind, tenant);
    Map<String, AttributeValue> item = getItem(countKey(kind, tenant, slot, value));
    return item == null || !item.containsKey(COUNT) ? 0 : Long.parseLong(item.get(COUNT).n());
  }

  /** Settles the kind's items whose writers stopped before settling them. */
  private void settleAbandoned(String kind, String tenant) {
    QueryRequest.Builder query =
        QueryRequest.builder()
            .tableName(table)
            .indexName(GSI_PENDING)
            .keyConditionExpression("#pp = :p")
            .expressionAttributeNames(Map.of("#pp", PENDING_PK))
            .expressionAttributeValues(Map.of(":p", s(partition(kind, tenant))));
    Map<String, AttributeValue> next = null;
    do {
      QueryResponse page = client.query(query.exclusiveStartKey(next).build());
      for (Map<String, AttributeValue> keys : page.items()) {
        RecordKey key = new RecordKey(kind, tenant, keys.get(SK).s());
        Map<String, AttributeValue> item = getItem(keyOf(key));
        if (item != null && item.containsKey(PENDING_TOKEN)) {
          takeOverIfAbandoned(key, item);
        }
      }
      next = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (next != null && !next.isEmpty());
  }

  @Override
  public long reserveSequence(String name, int count) {
    return Long.parseLong(
        client
            .updateItem(
                b ->
                    b.tableName(table)
                        .key(Map.of(PK, s("s"), SK, s(name)))
                        .updateExpression("ADD #n :c")
                        .expressionAttributeNames(Map.of("#n", COUNT))
                        .expressionAttributeValues(Map.of(":c", n(count)))
                        .returnValues(ReturnValue.UPDATED_NEW))
            .attributes()
            .get(COUNT)
            .n());
  }

  // ---- due work and leases

  @Override
  public List<StoredRecord> findDue(String kind, Instant now, int limit) {
    List<StoredRecord> due = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .indexName(GSI_DUE)
              .keyConditionExpression("#h = :h AND #r <= :now")
              .expressionAttributeNames(Map.of("#h", DUE_PK, "#r", DUE_SK))
              .expressionAttributeValues(
                  Map.of(":h", s(kind + SEP + shard), ":now", n(now.toEpochMilli())));
      due.addAll(
          collect(
              query,
              null,
              limit,
              Math.max(limit, DUE_PAGE),
              r -> r.leaseUntil() == null || r.leaseUntil().isBefore(now)));
    }
    due.sort(Comparator.comparing(StoredRecord::dueAt));
    return due.size() > limit ? List.copyOf(due.subList(0, limit)) : due;
  }

  @Override
  public Optional<StoredRecord> claim(
      StoredRecord due, String owner, Instant now, Instant leaseUntil) {
    try {
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(keyOf(due.key()))
                  .updateExpression("SET #v = :next, #lo = :owner, #lu = :until")
                  .conditionExpression("#v = :v AND (attribute_not_exists(#lu) OR #lu < :now)")
                  .expressionAttributeNames(
                      Map.of("#v", VERSION, "#lo", LEASE_OWNER, "#lu", LEASE_UNTIL))
                  .expressionAttributeValues(
                      Map.of(
                          ":next",
                          n(due.version() + 1),
                          ":owner",
                          s(owner),
                          ":until",
                          n(leaseUntil.toEpochMilli()),
                          ":v",
                          n(due.version()),
                          ":now",
                          n(now.toEpochMilli()))));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
    return Optional.of(due.withVersion(due.version() + 1).withLease(owner, leaseUntil));
  }

  @Override
  public boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil) {
    try {
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(keyOf(key))
                  .updateExpression("SET #lu = :until")
                  .conditionExpression("#v = :v AND #lo = :owner")
                  .expressionAttributeNames(
                      Map.of("#v", VERSION, "#lo", LEASE_OWNER, "#lu", LEASE_UNTIL))
                  .expressionAttributeValues(
                      Map.of(
                          ":until",
                          n(leaseUntil.toEpochMilli()),
                          ":v",
                          n(version),
                          ":owner",
                          s(owner))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  // ---- retention

  @Override
  public int deleteExpired(Instant now, int limit) {
    List<Map<String, AttributeValue>> expired = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      int shardNumber = shard;
      expired.addAll(
          client
              .query(
                  b ->
                      b.tableName(table)
                          .indexName(GSI_EXPIRY)
                          .keyConditionExpression("#h = :h AND #r <= :now")
                          .expressionAttributeNames(Map.of("#h", EXPIRY_PK, "#r", EXPIRY_SK))
                          .expressionAttributeValues(
                              Map.of(
                                  ":h", s("e" + SEP + shardNumber), ":now", n(now.toEpochMilli())))
                          .limit(limit))
              .items());
    }
    Function<Map<String, AttributeValue>, Long> expiry =
        item -> Long.parseLong(item.get(EXPIRY_SK).n());
    expired.sort(Comparator.comparing(expiry));
    int removed = 0;
    for (Map<String, AttributeValue> keys : expired.subList(0, Math.min(limit, expired.size()))) {
      Map<String, AttributeValue> item = getItem(Map.of(PK, keys.get(PK), SK, keys.get(SK)));
      if (item == null || !item.containsKey(EXPIRES)) {
        continue;
      }
      StoredRecord r = read(item);
      if (r.expiresAt().isAfter(now)) {
        continue;
      }
      try {
        delete(r.key(), r.version());
        removed++;
      } catch (VersionConflictException changedMeanwhile) {
        // written again since it was read: not this batch's to remove
      }
    }
    return removed;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
