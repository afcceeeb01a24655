package dev.saleday.localkube.api;

import dev.saleday.localkube.logs.LogSelection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The query of {@code GET pods/NAME/log} read as the API server reads a {@code PodLogOptions}: checked as
 * pkg/apis/core/validation ({@code ValidatePodLogOptions}) checks it (422 Invalid), {@code sinceTime} passed on with
 * whole seconds as the API server passes it to the kubelet (pkg/registry/core/pod/strategy.go, {@code LogLocation}),
 * and {@code sinceSeconds} turned into a time by the kubelet's clock, the later of the two winning
 * (pkg/kubelet/kuberuntime/logs/logs.go, {@code NewLogOptions}).
 */
final class PodLogOptions {

    private PodLogOptions() {
    }

    static LogSelection parse(Function<String, String> param, String podName, Instant now) {
        Long tailLines = number(param, "tailLines");
        Long limitBytes = number(param, "limitBytes");
        Long sinceSeconds = number(param, "sinceSeconds");
        String sinceTimeText = param.apply("sinceTime");
        List<String> problems = new ArrayList<>();
        if (tailLines != null && tailLines < 0) {
            problems.add("tailLines: Invalid value: " + tailLines + ": must be greater than or equal to 0");
        }
        if (limitBytes != null && limitBytes < 1) {
            problems.add("limitBytes: Invalid value: " + limitBytes + ": must be greater than 0");
        }
        if (sinceSeconds != null && sinceTimeText != null) {
            problems.add("<nil>: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
        } else if (sinceSeconds != null && sinceSeconds < 1) {
            problems.add("sinceSeconds: Invalid value: " + sinceSeconds + ": must be greater than 0");
        }
        if (!problems.isEmpty()) {
            String detail = problems.size() == 1 ? problems.get(0) : "[" + String.join(", ", problems) + "]";
            throw new ApiException(422, "Invalid", "PodLogOptions \"" + podName + "\" is invalid: " + detail);
        }
        Instant since = Instant.MIN;
        if (sinceSeconds != null) {
            since = now.minusSeconds(sinceSeconds);
        }
        if (sinceTimeText != null) {
            Instant sinceTime;
            try {
                sinceTime = OffsetDateTime.parse(sinceTimeText).toInstant().truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("parsing time \"" + sinceTimeText + "\" as RFC 3339: "
                        + e.getMessage());
            }
            if (sinceTime.isAfter(since)) {
                since = sinceTime;
            }
        }
        boolean timestamps = "true".equals(param.apply("timestamps"));
        return new LogSelection(tailLines == null ? -1 : tailLines, since, timestamps,
                limitBytes == null ? -1 : limitBytes);
    }

    private static Long number(Function<String, String> param, String name) {
        String text = param.apply(name);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": invalid integer \"" + text + "\"");
        }
    }
}
