package dev.saleday.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of answers.jsonl ({@link AnswersFile}): answers the load got in one second from one (model version, pod).
 *
 * @param tMs     epoch ms of the second's start (field {@code t})
 * @param version X-Model-Version, or null when the answer had none
 * @param pod     X-Pod-Name, or null
 * @param ok      successful answers
 * @param failed  failed ones
 */
@JsonPropertyOrder({"t", "version", "pod", "ok", "failed"})
public record AnswerCount(@JsonProperty("t") long tMs, String version, String pod, long ok, long failed) {
}
