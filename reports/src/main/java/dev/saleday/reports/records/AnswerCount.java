package dev.saleday.reports.records;

/**
 * One line of answers.jsonl: answers the load got in one second from one (model version, pod).
 *
 * @param tMs     epoch ms of the second's start
 * @param version X-Model-Version, or null when the answer had none
 * @param pod     X-Pod-Name, or null
 * @param ok      successful answers
 * @param failed  failed ones
 */
public record AnswerCount(long tMs, String version, String pod, long ok, long failed) {
}
