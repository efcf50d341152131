package dev.tidepool.dashboard.internal;

/**
 * One line of a pool's recent events.
 *
 * @param timeMillis when (epoch milliseconds)
 * @param kind a short class: {@code idle-in-transaction}, {@code leak}, {@code timeout},
 *        {@code evicted}, {@code connect-failure}, {@code action}, ...
 * @param text what happened, for a person; database text in it is shown as text, never as markup
 */
public record Event(long timeMillis, String kind, String text) {
}
