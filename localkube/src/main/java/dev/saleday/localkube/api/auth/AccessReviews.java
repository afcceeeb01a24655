package dev.saleday.localkube.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.localkube.api.ApiException;
import dev.saleday.localkube.api.Json;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests about access that are answered, never stored: SelfSubjectAccessReview and SelfSubjectRulesReview
 * ({@code kubectl auth can-i}, {@code --list}) and the ServiceAccounts' TokenRequest ({@code kubectl create token}).
 */
public final class AccessReviews {

    public static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    public static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final RbacAuthorizer rbac;
    private final ServiceAccountTokens tokens;
    private final Clock clock;

    public AccessReviews(RbacAuthorizer rbac, ServiceAccountTokens tokens, Clock clock) {
        this.rbac = rbac;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** SelfSubjectAccessReview: the request's status says whether {@code user} may do what its spec describes. */
    public ObjectNode accessReview(UserInfo user, ObjectNode review) {
        JsonNode spec = review.path("spec");
        JsonNode resource = spec.path("resourceAttributes");
        JsonNode nonResource = spec.path("nonResourceAttributes");
        if (resource.isObject() == nonResource.isObject()) {
            throw new ApiException(422, "Invalid", "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: "
                    + "[spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or "
                    + "resourceAttributes must be specified]");
        }
        RequestAttributes request = resource.isObject()
                ? RequestAttributes.resource(resource.path("verb").asText(""), resource.path("group").asText(""),
                resource.path("resource").asText(""), resource.path("subresource").asText(""),
                resource.path("namespace").asText(""), resource.path("name").asText(""))
                : RequestAttributes.nonResource(nonResource.path("verb").asText(""), nonResource.path("path").asText(""));
        Decision decision = rbac.authorize(user, request);
        ObjectNode answer = answer(review, "SelfSubjectAccessReview");
        ObjectNode status = answer.putObject("status");
        status.put("allowed", decision.allowed());
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return answer;
    }

    /** SelfSubjectRulesReview: every rule that applies to {@code user} in the spec's namespace. */
    public ObjectNode rulesReview(UserInfo user, ObjectNode review) {
        String namespace = review.path("spec").path("namespace").asText("");
        List<String> errors = new ArrayList<>();
        List<RbacAuthorizer.GrantedRule> rules = rbac.rulesFor(user, namespace, errors);
        ObjectNode answer = answer(review, "SelfSubjectRulesReview");
        ObjectNode status = answer.putObject("status");
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (RbacAuthorizer.GrantedRule granted : rules) {
            JsonNode rule = granted.rule();
            if (rule.path("resources").size() > 0) {
                ObjectNode r = resourceRules.addObject();
                for (String field : List.of("verbs", "apiGroups", "resources", "resourceNames")) {
                    if (rule.has(field)) {
                        r.set(field, rule.get(field).deepCopy());
                    }
                }
            }
            if (rule.path("nonResourceURLs").size() > 0) {
                ObjectNode r = nonResourceRules.addObject();
                r.set("verbs", rule.path("verbs").deepCopy());
                r.set("nonResourceURLs", rule.get("nonResourceURLs").deepCopy());
            }
        }
        status.put("incomplete", !errors.isEmpty());
        if (!errors.isEmpty()) {
            status.put("evaluationError", String.join(", ", errors));
        }
        return answer;
    }

    /** TokenRequest for the ServiceAccount {@code namespace/name}: a token valid expirationSeconds (default 1 h). */
    public ObjectNode tokenRequest(String namespace, String name, ObjectNode request) {
        JsonNode spec = request.path("spec");
        long seconds = spec.path("expirationSeconds").asLong(3600);
        if (seconds < 600) {
            throw new ApiException(422, "Invalid", "TokenRequest.authentication.k8s.io \"" + name + "\" is invalid: "
                    + "spec.expirationSeconds: Invalid value: " + seconds + ": may not specify a duration less than "
                    + "10 minutes");
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        String token = tokens.issue(namespace, name, audiences, seconds);
        ObjectNode answer = answer(request, "TokenRequest");
        answer.put("apiVersion", "authentication.k8s.io/v1");
        Json.metadata(answer).put("name", name);
        Json.metadata(answer).put("namespace", namespace);
        ObjectNode outSpec = answer.putObject("spec");
        ArrayNode aud = outSpec.putArray("audiences");
        (audiences.isEmpty() ? List.of(ServiceAccountTokens.ISSUER) : audiences).forEach(aud::add);
        outSpec.put("expirationSeconds", seconds);
        outSpec.putNull("boundObjectRef");
        ObjectNode status = answer.putObject("status");
        status.put("token", token);
        status.put("expirationTimestamp", Json.timestamp(clock.instant().plusSeconds(seconds)));
        return answer;
    }

    private static ObjectNode answer(ObjectNode request, String kind) {
        ObjectNode answer = request.deepCopy();
        answer.put("kind", kind);
        if (!answer.has("apiVersion")) {
            answer.put("apiVersion", "authorization.k8s.io/v1");
        }
        if (!answer.path("metadata").isObject()) {
            answer.putObject("metadata");
        }
        ((ObjectNode) answer.get("metadata")).put("creationTimestamp", (String) null);
        return answer;
    }
}
