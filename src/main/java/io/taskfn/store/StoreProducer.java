package io.taskfn.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Opens the backend named by {@code taskfn.store}. */
@ApplicationScoped
public class StoreProducer {

  /** Tenant of every record until authentication brings real accounts. */
  public static final String DEFAULT_TENANT = "default";

  @ConfigProperty(name = "taskfn.store", defaultValue = "embedded")
  String backend;

  @ConfigProperty(name = "taskfn.store.path", defaultValue = "./data")
  String path;

  /** {@code process} (the default) or {@code power-loss}: see {@link EmbeddedStoreBackend}. */
  @ConfigProperty(name = "taskfn.store.durability", defaultValue = "process")
  String durability;

  /** The Quarkus datasource: active, and migrated by Flyway at start, only for PostgreSQL. */
  @Inject InjectableInstance<AgroalDataSource> dataSource;

  /** The DynamoDB client the Quarkiverse extension configures ({@code quarkus.dynamodb.*}). */
  @Inject InjectableInstance<DynamoDbClient> dynamoDb;

  @ConfigProperty(name = "taskfn.store.dynamodb.table", defaultValue = "taskfn")
  String dynamoTable;

  /** Whether a server creates the table and its indexes at start if they are missing. */
  @ConfigProperty(name = "taskfn.store.dynamodb.create-table", defaultValue = "false")
  boolean createDynamoTable;

  @Produces
  @DefaultBean
  @Singleton
  StoreBackend storeBackend() {
    return switch (backend) {
      case "embedded" -> EmbeddedStoreBackend.open(Path.of(path), durability());
      case "postgresql" -> {
        if (!dataSource.getHandle().getBean().isActive()) {
          throw new IllegalStateException(
              "taskfn.store=postgresql needs quarkus.datasource.active=true and"
                  + " quarkus.datasource.jdbc.url (with username and password)");
        }
        yield new PostgresStoreBackend(dataSource.get());
      }
      case "dynamodb" -> {
        DynamoStoreBackend store = new DynamoStoreBackend(dynamoDb.get(), dynamoTable, false);
        if (createDynamoTable) {
          store.createTable();
        }
        yield store;
      }
      default ->
          throw new IllegalStateException(
              "taskfn.store="
                  + backend
                  + " is not a known store; known: embedded, postgresql, dynamodb");
    };
  }

  private EmbeddedStoreBackend.Durability durability() {
    return switch (durability) {
      case "process" -> EmbeddedStoreBackend.Durability.PROCESS;
      case "power-loss" -> EmbeddedStoreBackend.Durability.POWER_LOSS;
      default ->
          throw new IllegalStateException(
              "taskfn.store.durability="
                  + durability
                  + " is not known; known: process, power-loss");
    };
  }

  void close(@Disposes StoreBackend store) {
    store.close();
  }
}
