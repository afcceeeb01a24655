package dev.saleday.model;

/** One recommended item and its score (higher is better). */
public record ScoredItem(long itemId, float score) {
}
