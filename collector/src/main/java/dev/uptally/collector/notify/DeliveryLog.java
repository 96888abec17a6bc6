package dev.uptally.collector.notify;

import java.util.List;

/**
 * Durable webhook deliveries: one row per (outbox event, configured webhook) whose {@code events} name the event's
 * type. Every method is one transaction, so a crash leaves each row before or after a step, never half-way, and a
 * restarted collector resumes from the rows.
 *
 * <p>Implementations: SQLite and PostgreSQL ({@code dev.uptally.collector.store.*}), opened and closed with the rest
 * of the storage; {@code DeliveryLogContractTest} holds the behaviour each must show. Every failure is a
 * {@link dev.uptally.collector.store.StoreException} naming the operation.
 */
public interface DeliveryLog {

  /**
   * Creates a delivery row, due at {@code nowMillis}, for every outbox event of one of {@code types} created at or
   * after {@code sinceMillis} that has none yet for this webhook.
   *
   * @return rows created
   */
  int fanOut(String webhook, List<String> types, long sinceMillis, long nowMillis);

  /**
   * Undelivered rows of the named webhooks due at {@code nowMillis}, oldest due first, at most {@code limit}. Rows of
   * a webhook no longer configured stay, untouched, and do not take the batch's places.
   */
  List<Delivery> due(List<String> webhooks, long nowMillis, int limit);

  /** Marks the row delivered (after a 2xx answer). */
  void delivered(Delivery delivery, long nowMillis);

  /** @param nextAttemptMillis null: give up (the row stays, undelivered, with its error) */
  void failed(Delivery delivery, Long nextAttemptMillis, String error);
}
