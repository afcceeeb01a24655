package dev.saleday.reports.analysis;

/**
 * A pod that served traffic.
 *
 * @param pod         the pod name (X-Pod-Name)
 * @param version     the model version it answered with
 * @param successful  successful answers
 * @param failed      failed answers that named it
 * @param firstMs     epoch ms of its first answer's second
 * @param lastMs      epoch ms of its last answer's second
 */
public record PodTraffic(String pod, String version, long successful, long failed, long firstMs, long lastMs) {
}
