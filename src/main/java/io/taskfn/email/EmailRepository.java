package io.taskfn.email;

import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.RecordShape;
import io.taskfn.store.RetentionConfig;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Messages (their delivery state, the due work, and their parts apart), the ids that make sends
 * repeatable, and the per-tenant send counts of the rate limit. A delivered or dropped message
 * expires after the retention age; parts and ids expire with the longest a message can live.
 */
@ApplicationScoped
public class EmailRepository {

  static final String STATE_KIND = "email";
  private static final String TENANT = StoreProducer.DEFAULT_TENANT;

  private final TypedRepository<EmailState> states;
  private final TypedRepository<EmailContent> contents;
  private final TypedRepository<IdempotencyKey> keys;
  private final TypedRepository<SendWindow> windows;
  private final Duration kept;

  public EmailRepository(StoreBackend store, RetentionConfig retention) {
    this.kept = retention.finishedAge();
    this.states =
        new TypedRepository<>(
            store,
            STATE_KIND,
            EmailState.class,
            RecordShape.<EmailState>plain()
                .expiresAt(
                    s ->
                        s.status().isFinal() && s.finishedTime() != null
                            ? s.finishedTime().plus(kept)
                            : null));
    this.contents =
        new TypedRepository<>(
            store,
            "emailcontent",
            EmailContent.class,
            RecordShape.<EmailContent>plain().expiresAt(EmailContent::expiresAt));
    this.keys =
        new TypedRepository<>(
            store,
            "emailkey",
            IdempotencyKey.class,
            RecordShape.<IdempotencyKey>plain().expiresAt(IdempotencyKey::expiresAt));
    this.windows =
        new TypedRepository<>(
            store,
            "emailwindow",
            SendWindow.class,
            RecordShape.<SendWindow>plain().expiresAt(SendWindow::endsAt));
  }

  /** How long parts and ids are kept: past the retention age of the oldest message they serve. */
  Duration keptAfterSend(Duration maxAge) {
    return maxAge.plus(kept);
  }

  TypedRepository<EmailState> stateRecords() {
    return states;
  }

  Optional<EmailState> find(String messageId) {
    return states.find(TENANT, messageId).map(Versioned::value);
  }

  Optional<EmailContent> content(String messageId) {
    return contents.find(TENANT, messageId).map(Versioned::value);
  }

  /** A message as {@link #insert} left it, and whether that call wrote it. */
  record Stored(EmailState state, boolean inserted) {}

  /**
   * Stores a new message, its parts first: a message whose parts are missing is never due. Storing
   * it again (a repeat that found its key but not its message, after a crash between the two) keeps
   * what is there.
   */
  Stored insert(EmailContent content, EmailState queued) {
    try {
      contents.insert(TENANT, content.messageId(), content, null);
    } catch (DuplicateRecordException alreadyThere) {
      // a repeat of a send that stopped before its state was written
    }
    try {
      return new Stored(
          states.insert(TENANT, queued.messageId(), queued, queued.nextAttemptTime()).value(),
          true);
    } catch (DuplicateRecordException alreadyThere) {
      return new Stored(find(queued.messageId()).orElseThrow(() -> alreadyThere), false);
    }
  }

  /**
   * Records that {@code id} sends {@code key}'s message, unless it was used before.
   *
   * @return the key as first recorded, or empty if this call recorded it
   */
  Optional<IdempotencyKey> claimKey(String id, IdempotencyKey key) {
    try {
      keys.insert(TENANT, id, key, null);
      return Optional.empty();
    } catch (DuplicateRecordException used) {
      return Optional.of(keys.find(TENANT, id).map(Versioned::value).orElseThrow(() -> used));
    }
  }

  /**
   * Counts one send in the tenant's current window; {@code count} throws to refuse when the window
   * is full.
   */
  void countSend(String windowId, SendWindow fresh, UnaryOperator<SendWindow> count) {
    windows.upsert(TENANT, windowId, fresh, count);
  }
}
